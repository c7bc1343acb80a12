package ai.vantage.maven.slurm.bridge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, in plain text (no HTML, no stack): a request target its URI parser refuses (a
 * {@code %00}, a {@code ..} above the root) names no file of the repository, so it gets 404 as every such path
 * does; anything else it cannot parse gets its 4xx.
 */
final class PlainErrors extends ErrorHandler {

    private static final Pattern BAD_TARGET = Pattern.compile("Bad URI|Illegal character in path");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        int status = code == HttpStatus.BAD_REQUEST_400 && badTarget(cause) ? HttpStatus.NOT_FOUND_404 : code;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        String text = status == HttpStatus.NOT_FOUND_404 ? RepositoryHandler.NOT_FOUND
                : status + " " + (message == null ? HttpStatus.getMessage(status) : message) + "\n";
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static boolean badTarget(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && BAD_TARGET.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }
}
