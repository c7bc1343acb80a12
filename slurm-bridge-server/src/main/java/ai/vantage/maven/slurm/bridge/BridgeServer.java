package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.metadata.MavenPath;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Maven 2 repository of {@code ai.vantage:slurm} over HTTP, for Maven without the extension and for Nexus or
 * Artifactory proxies: the files of {@link RepositoryFiles}, GET and HEAD with the same headers, conditional
 * requests (304), single byte ranges (206), never {@code Content-Encoding}. A path that names no file gets 404, never
 * 5xx; the cache being unreachable after the client's retries, or a tarball failing verification, gets 502 with the
 * reason. An exact version whose series upstream has moved on to another release gets 410 with an RFC 9457 problem
 * details body, whose {@code detail} Maven 3.9 and 4 print. {@code GET /health} answers 200. One log line per request.
 */
public final class BridgeServer implements AutoCloseable {

    /** The path of the health check. */
    public static final String HEALTH = "/health";

    /** The media type of RFC 9457 problem details, which Maven's HTTP transports read and print. */
    static final String PROBLEM_JSON = "application/problem+json";

    private static final int BUFFER = 64 * 1024;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RepositoryFiles files;
    private final ServerSettings settings;
    private final BridgeLog log;
    private final AtomicInteger threadNumber = new AtomicInteger();

    private BridgeServer(ServerSettings settings, RepositoryFiles files, BridgeLog log) throws IOException {
        this.settings = settings;
        this.files = files;
        this.log = log;
        this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 128);
        this.executor = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread thread = new Thread(r, "slurm-bridge-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a server answering from {@code files}. */
    public static BridgeServer start(ServerSettings settings, RepositoryFiles files, BridgeLog log) throws IOException {
        BridgeServer bridge = new BridgeServer(settings, files, log);
        bridge.server.start();
        return bridge;
    }

    /**
     * Starts a server over {@code source}, with a {@link TarballStore} in the settings' cache folder.
     *
     * @throws IOException when the port cannot be bound or the cache folder made
     */
    public static BridgeServer start(ServerSettings settings, BridgeSource source, BridgeLog log) throws IOException {
        TarballStore store = new TarballStore(settings.cacheDir(), source, settings.cacheMaxBytes(),
                settings.maxDownloads(), log);
        return start(settings, new RepositoryFiles(source, store, settings.seriesMaxAge(), settings.recheckAfter(),
                Clock.systemUTC(), log), log);
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The repository's base URL, ending with {@code /}. */
    public URI uri() {
        String host = server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Answer answer;
        try (exchange) {
            answer = answer(exchange, method, path);
        }
        String shown = path.length() > RequestPath.MAX_LENGTH ? path.substring(0, RequestPath.MAX_LENGTH) + "…" : path;
        log.info(exchange.getRemoteAddress().getAddress().getHostAddress() + " " + method + " " + shown + " "
                + answer.status + " " + answer.bytes + " " + (System.nanoTime() - started) / 1_000_000 + "ms"
                + (answer.reason == null ? "" : " " + answer.reason));
    }

    private Answer answer(HttpExchange exchange, String method, String path) {
        try {
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                return text(exchange, 405, "Read-only repository: GET and HEAD only\n", null);
            }
            if (bodyTooLarge(exchange)) {
                return text(exchange, 413, "Request body over " + settings.maxRequestBody() + " bytes\n", null);
            }
            if (HEALTH.equals(path)) {
                return text(exchange, 200, "OK\n", null);
            }
            Optional<MavenPath> parsed = RequestPath.parse(path);
            if (parsed.isEmpty()) {
                return text(exchange, 404, "Not an ai.vantage:slurm file of this repository\n", null);
            }
            return send(exchange, files.file(parsed.get()));
        } catch (NotFoundException e) {
            return text(exchange, 404, e.getMessage() + "\n", null);
        } catch (ReleaseMovedException e) {
            return problem(exchange, 410, "Gone", e.getMessage(), "moved");
        } catch (VerificationException e) {
            log.warn("Refusing to serve " + path + ": " + e.getMessage());
            return text(exchange, 502, e.getMessage() + "\n", e.reason().name());
        } catch (IOException e) {
            log.warn("Cannot serve " + path + ": " + e.getMessage());
            return text(exchange, 502, "The Slurm cache cannot be read: " + e.getMessage() + "\n", "upstream");
        } catch (RuntimeException e) {
            log.warn("Cannot serve " + path + ": " + e);
            return text(exchange, 500, "Internal error\n", e.getClass().getSimpleName());
        }
    }

    private boolean bodyTooLarge(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                return Long.parseLong(length.trim()) > settings.maxRequestBody();
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    private Answer send(HttpExchange exchange, RepositoryFile file) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", file.contentType());
        headers.set("Last-Modified", httpDate(file.lastModified()));
        headers.set("ETag", file.etag());
        headers.set("Accept-Ranges", "bytes");
        if (notModified(exchange.getRequestHeaders(), file)) {
            exchange.sendResponseHeaders(304, -1);
            return new Answer(304, 0, null);
        }
        ByteRange.Request request = rangeApplies(exchange.getRequestHeaders(), file)
                ? ByteRange.parse(exchange.getRequestHeaders().getFirst("Range"), file.length())
                : new ByteRange.Whole();
        if (request instanceof ByteRange.Unsatisfiable) {
            headers.set("Content-Range", "bytes */" + file.length());
            headers.set("Content-Length", "0");
            exchange.sendResponseHeaders(416, -1);
            return new Answer(416, 0, null);
        }
        ByteRange range = request instanceof ByteRange.Part part ? part.range()
                : new ByteRange(0, file.length() - 1);
        int status = request instanceof ByteRange.Part ? 206 : 200;
        if (status == 206) {
            headers.set("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + file.length());
        }
        long length = Math.max(0, range.length());
        if (exchange.getRequestMethod().equals("HEAD") || length == 0) {
            headers.set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return new Answer(status, 0, null);
        }
        exchange.sendResponseHeaders(status, length);
        long sent = 0;
        try (InputStream in = file.open(range.first())) {
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[BUFFER];
            while (sent < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - sent));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                sent += n;
            }
            out.flush();
        } catch (IOException e) {
            return new Answer(status, sent, "client went away: " + e.getMessage());
        }
        return new Answer(status, sent, null);
    }

    /** If-None-Match first (any of its tags, or {@code *}); else If-Modified-Since. */
    private static boolean notModified(Headers request, RepositoryFile file) {
        String noneMatch = request.getFirst("If-None-Match");
        if (noneMatch != null) {
            return noneMatch.trim().equals("*") || Arrays.stream(noneMatch.split(","))
                    .map(tag -> tag.trim().replaceFirst("^W/", ""))
                    .anyMatch(file.etag()::equals);
        }
        Optional<Instant> since = parseDate(request.getFirst("If-Modified-Since"));
        return since.isPresent() && !file.lastModified().isAfter(since.get());
    }

    /** A Range applies unless an If-Range names another version of the file. */
    private static boolean rangeApplies(Headers request, RepositoryFile file) {
        String ifRange = request.getFirst("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.trim().startsWith("\"")) {
            return ifRange.trim().equals(file.etag());
        }
        return parseDate(ifRange).map(file.lastModified()::equals).orElse(false);
    }

    private Answer text(HttpExchange exchange, int status, String body, String reason) {
        return error(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), reason);
    }

    /**
     * An RFC 9457 problem details answer: Maven's transports (resolver 1.9 and 2.0) print its title and
     * {@code detail}, where a reason phrase of the JDK's server is always the standard one.
     */
    private Answer problem(HttpExchange exchange, int status, String title, String detail, String reason) {
        ObjectNode problem = JsonNodeFactory.instance.objectNode().put("type", "about:blank").put("status", status)
                .put("title", title).put("detail", detail);
        return error(exchange, status, PROBLEM_JSON, problem.toString().getBytes(StandardCharsets.UTF_8), reason);
    }

    private Answer error(HttpExchange exchange, int status, String contentType, byte[] bytes, String reason) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            return new Answer(status, 0, "client went away: " + e.getMessage());
        }
        return new Answer(status, exchange.getRequestMethod().equals("HEAD") ? 0 : bytes.length,
                reason == null ? null : reason);
    }

    static String httpDate(Instant time) {
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

    /** What was answered, for the log line. */
    private record Answer(int status, long bytes, String reason) {}
}
