package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.metadata.MavenPath;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The repository over HTTP: the files of {@link RepositoryFiles}, GET and HEAD with the same headers, conditional
 * requests (304), single byte ranges (206, 416), never {@code Content-Encoding}; 404 for a path that names no file, 405
 * for other methods, 413 for a request body over the limit, 410 with RFC 9457 problem details for an exact release
 * upstream moved on from (the Spack mirror or the build's module file says so), 502 with the reason for upstream
 * trouble, a refused signature, or an exact release the build's module file cannot prove (problem details). A stored
 * tarball is written to the connection asynchronously, straight from its mapped file ({@link MappedFiles}): a slow
 * reader holds no thread. One log line per request.
 */
final class RepositoryHandler extends Handler.Abstract {

    /** The request attribute holding why a request failed ({@code BAD_SIGNATURE}, {@code upstream}, …). */
    static final String REASON = RepositoryHandler.class.getName() + ".reason";

    /**
     * The request attribute holding how the signature check of the bytes served ended: {@code VERIFIED},
     * {@code UNSIGNED_ALLOWED}, or the refusal's reason ({@code BAD_SIGNATURE}, …); absent where none applies.
     */
    static final String VERIFICATION = "slurm.verification";

    /** The body of a 404 for a path that names no file. */
    static final String NOT_FOUND = "Not an ai.vantage:slurm file of this repository\n";

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final RepositoryFiles files;
    private final long maxRequestBody;
    private final ClientLimits limits;
    private final BridgeLog log;
    private final BridgeMetrics metrics;
    private final Readiness readiness;
    private final MappedFiles mappedFiles = new MappedFiles();

    RepositoryHandler(RepositoryFiles files, long maxRequestBody, ClientLimits limits, BridgeLog log,
            BridgeMetrics metrics, Readiness readiness) {
        this.files = files;
        this.maxRequestBody = maxRequestBody;
        this.limits = limits;
        this.log = log;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        answer(request, response, Callback.from(() -> {
            logLine(request, response, started, null);
            callback.succeeded();
        }, failure -> {
            logLine(request, response, started, "client went away: " + failure.getMessage());
            callback.failed(failure);
        }));
        return true;
    }

    private void answer(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        try {
            if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                text(request, response, callback, 405, "Read-only repository: GET and HEAD only\n", null);
            } else if (bodyTooLarge(request)) {
                text(request, response, callback, 413, "Request body over " + maxRequestBody + " bytes\n", null);
            } else if (BridgeServer.HEALTH.equals(path)) {
                text(request, response, callback, 200, "OK\n", null);
            } else if (BridgeServer.READY.equals(path)) {
                List<String> problems = readiness.problems();
                text(request, response, callback, problems.isEmpty() ? 200 : 503, problems.isEmpty() ? "READY\n"
                        : "NOT READY\n" + String.join("\n", problems) + "\n", problems.isEmpty() ? null : "not-ready");
            } else if (BridgeServer.METRICS.equals(path)) {
                ByteArrayOutputStream exposition = new ByteArrayOutputStream();
                metrics.write(exposition);
                respond(request, response, callback, 200, metrics.contentType(), exposition.toByteArray(), null);
            } else {
                Optional<MavenPath> parsed = RequestPath.parse(path);
                if (parsed.isEmpty()) {
                    text(request, response, callback, 404, NOT_FOUND, null);
                } else {
                    RepositoryFile file = files.file(parsed.get());
                    file.verification().ifPresent(outcome -> request.setAttribute(VERIFICATION, outcome));
                    send(request, response, callback, file);
                }
            }
        } catch (NotFoundException e) {
            text(request, response, callback, 404, e.getMessage() + "\n", null);
        } catch (ReleaseMovedException e) {
            problem(request, response, callback, 410, "Gone", e.getMessage(), "moved");
        } catch (WrongReleaseException e) {
            log.warn("Refusing to serve " + path + ": " + e.getMessage());
            if (e.shown().release().isPresent()) { // the series' key holds another release: as the mirror says so
                problem(request, response, callback, 410, "Gone", e.getMessage(), "moved");
            } else {
                problem(request, response, callback, 502, "Bad Gateway", e.getMessage(), "unknown-release");
            }
        } catch (VerificationException e) {
            log.warn("Refusing to serve " + path + ": " + e.getMessage());
            metrics.refused(e.reason().name());
            request.setAttribute(VERIFICATION, e.reason().name());
            text(request, response, callback, 502, e.getMessage() + "\n", e.reason().name());
        } catch (IOException e) {
            log.warn("Cannot serve " + path + ": " + e.getMessage());
            text(request, response, callback, 502, "The Slurm cache cannot be read: " + e.getMessage() + "\n",
                    "upstream");
        } catch (RuntimeException e) {
            log.warn("Cannot serve " + path + ": " + e);
            text(request, response, callback, 500, "Internal error\n", e.getClass().getSimpleName());
        }
    }

    private boolean bodyTooLarge(Request request) {
        return request.getLength() > maxRequestBody
                || request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private void send(Request request, Response response, Callback callback, RepositoryFile file) throws IOException {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, file.contentType());
        headers.put(HttpHeader.LAST_MODIFIED, httpDate(file.lastModified()));
        headers.put(HttpHeader.ETAG, file.etag());
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        HttpFields asked = request.getHeaders();
        if (notModified(asked, file)) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        ByteRange.Request wanted = rangeApplies(asked, file)
                ? ByteRange.parse(asked.get(HttpHeader.RANGE), file.length())
                : new ByteRange.Whole();
        if (wanted instanceof ByteRange.Unsatisfiable) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + file.length());
            headers.put(HttpHeader.CONTENT_LENGTH, 0L);
            response.setStatus(416);
            callback.succeeded();
            return;
        }
        ByteRange range = wanted instanceof ByteRange.Part part ? part.range() : new ByteRange(0, file.length() - 1);
        if (wanted instanceof ByteRange.Part) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + file.length());
            response.setStatus(206);
        } else {
            response.setStatus(200);
        }
        long length = Math.max(0, range.length());
        headers.put(HttpHeader.CONTENT_LENGTH, length);
        if (HttpMethod.HEAD.is(request.getMethod()) || length == 0) {
            callback.succeeded();
            return;
        }
        Optional<Path> stored = file.path();
        if (stored.isPresent()) {
            mappedFiles.send(stored.get(), range.first(), length, new MinimumRate(response,
                    request.getComponents().getScheduler(), limits.minResponseRate(), limits.idleTimeout().toNanos()),
                    callback);
        } else {
            response.write(true, ByteBuffer.wrap(file.open(range.first()).readNBytes((int) length)), callback);
        }
    }

    /** If-None-Match first (any of its tags, or {@code *}); else If-Modified-Since. */
    private static boolean notModified(HttpFields request, RepositoryFile file) {
        String noneMatch = request.get(HttpHeader.IF_NONE_MATCH);
        if (noneMatch != null) {
            return noneMatch.trim().equals("*") || Arrays.stream(noneMatch.split(","))
                    .map(tag -> tag.trim().replaceFirst("^W/", ""))
                    .anyMatch(file.etag()::equals);
        }
        Optional<Instant> since = parseDate(request.get(HttpHeader.IF_MODIFIED_SINCE));
        return since.isPresent() && !file.lastModified().isAfter(since.get());
    }

    /** A Range applies unless an If-Range names another version of the file. */
    private static boolean rangeApplies(HttpFields request, RepositoryFile file) {
        String ifRange = request.get(HttpHeader.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        if (ifRange.trim().startsWith("\"")) {
            return ifRange.trim().equals(file.etag());
        }
        return parseDate(ifRange).map(file.lastModified()::equals).orElse(false);
    }

    private void text(Request request, Response response, Callback callback, int status, String body, String reason) {
        respond(request, response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
                reason);
    }

    /**
     * An RFC 9457 problem details answer: Maven's transports (resolver 1.9 and 2.0) print its title and
     * {@code detail}, where an HTTP/1.1 reason phrase is the standard one (and HTTP/2 has none).
     */
    private void problem(Request request, Response response, Callback callback, int status, String title,
            String detail, String reason) {
        ObjectNode problem = JsonNodeFactory.instance.objectNode().put("type", "about:blank").put("status", status)
                .put("title", title).put("detail", detail);
        respond(request, response, callback, status, BridgeServer.PROBLEM_JSON,
                problem.toString().getBytes(StandardCharsets.UTF_8), reason);
    }

    private void respond(Request request, Response response, Callback callback, int status, String contentType,
            byte[] bytes, String reason) {
        if (reason != null) {
            request.setAttribute(REASON, reason);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }

    private void logLine(Request request, Response response, long started, String failure) {
        String path = request.getHttpURI().getPath();
        metrics.request(kind(path), response.getStatus(), Response.getContentBytesWritten(response));
        String shown = path.length() > RequestPath.MAX_LENGTH
                ? path.substring(0, RequestPath.MAX_LENGTH) + "…" : path;
        Object reason = failure != null ? failure : request.getAttribute(REASON);
        log.info(Request.getRemoteAddr(request) + " " + request.getMethod() + " " + shown + " " + response.getStatus()
                + " " + Response.getContentBytesWritten(response) + " " + (System.nanoTime() - started) / 1_000_000
                + "ms" + (reason == null ? "" : " " + reason));
    }

    /** The kind of file {@code path} names, for the metrics. */
    private static String kind(String path) {
        if (BridgeServer.HEALTH.equals(path) || BridgeServer.READY.equals(path)
                || BridgeServer.METRICS.equals(path)) {
            return path.substring(1);
        }
        return RequestPath.parse(path).map(file -> file.checksum().isPresent() ? "checksum"
                : file.kind() == MavenPath.Kind.METADATA ? "metadata"
                : file.kind() == MavenPath.Kind.POM ? "pom"
                : file.isSignature() ? "signature" : "tarball").orElse("none");
    }

    private static String httpDate(Instant time) {
        return HTTP_DATE.format(time.atZone(ZoneOffset.UTC));
    }

    private static Optional<Instant> parseDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
