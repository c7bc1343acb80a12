package ai.vantage.maven.slurm.bridge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The access log of the bridge server, one line per request, to a file or standard output: NCSA combined (Apache's
 * and nginx's default) followed by the signature check's outcome, or JSON lines with the same fields and the time
 * taken.
 */
final class RequestLogs {

    /** The formats of {@code --request-log-format}. */
    enum Format {
        COMBINED,
        JSON;

        /** The format named {@code name} ({@code combined} or {@code json}). */
        static Format of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid --request-log-format '" + name
                        + "': expected combined or json");
            }
        }
    }

    /**
     * Where the access log goes and how it is written.
     *
     * @param destination a file (appended to), or {@code -} for standard output
     */
    record Settings(String destination, Format format) {}

    /** The access log's combined format: NCSA combined, then the signature check's outcome or {@code -}. */
    static final String COMBINED = CustomRequestLog.EXTENDED_NCSA_FORMAT + " %{" + RepositoryHandler.VERIFICATION
            + "}attr";

    private RequestLogs() {}

    /** The request log {@code settings} describe. */
    static RequestLog of(Settings settings) {
        RequestLog.Writer writer = settings.destination().equals("-") ? new Console(System.out)
                : fileWriter(settings.destination());
        return settings.format() == Format.JSON ? new JsonLines(writer) : new CustomRequestLog(writer, COMBINED);
    }

    private static RequestLog.Writer fileWriter(String file) {
        RequestLogWriter writer = new RequestLogWriter(file);
        writer.setAppend(true);
        return writer;
    }

    /** Lines to a stream, whole. */
    private record Console(PrintStream out) implements RequestLog.Writer {
        @Override
        public void write(String line) {
            synchronized (out) {
                out.println(line);
            }
        }
    }

    /** One JSON object per line, with the fields of the combined format and the time taken. */
    private static final class JsonLines extends ContainerLifeCycle implements RequestLog {

        private final RequestLog.Writer writer;

        JsonLines(RequestLog.Writer writer) {
            this.writer = writer;
            addBean(writer);
        }

        @Override
        public void log(Request request, Response response) {
            ObjectNode line = JsonNodeFactory.instance.objectNode()
                    .put("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString())
                    .put("client", Request.getRemoteAddr(request))
                    .put("method", request.getMethod())
                    .put("uri", request.getHttpURI().getPathQuery())
                    .put("protocol", request.getConnectionMetaData().getProtocol())
                    .put("status", response.getStatus())
                    .put("bytes", Response.getContentBytesWritten(response))
                    .put("referer", request.getHeaders().get(HttpHeader.REFERER))
                    .put("userAgent", request.getHeaders().get(HttpHeader.USER_AGENT))
                    .put("millis", NanoTime.millisSince(request.getBeginNanoTime()));
            Object verification = request.getAttribute(RepositoryHandler.VERIFICATION);
            line.put("verification", verification == null ? null : verification.toString());
            try {
                writer.write(line.toString());
            } catch (IOException e) {
                // a full disk must not fail the request; the next line tries again
            }
        }
    }
}
