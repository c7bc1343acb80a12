package ai.vantage.maven.slurm.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the bridge server listens and what it may use.
 *
 * @param bind the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the port; 0 picks a free one
 * @param cacheDir where verified tarballs are kept
 * @param cacheMaxBytes the most bytes of tarballs kept; the least recently used go first
 * @param maxDownloads the most upstream tarball downloads at once
 * @param threads the most requests answered at once
 * @param maxRequestBody the largest request body accepted (a repository is read-only: bodies are never read)
 * @param seriesMaxAge how long the series list read from the cache is used for {@code maven-metadata.xml}
 * @param recheckAfter how long a stored tarball is served before its signature in the cache is compared again, and
 *     the Spack mirror's answer of which release it is counts for exact versions
 * @param limits how long and how slowly clients may keep a connection
 * @param tls the key and certificate to serve {@code https} with, or null for plain {@code http}
 * @param requestLog where the access log goes and its format, or null for none
 * @param maxBuildSize the most bytes one build's download may write to disk
 */
public record ServerSettings(
        String bind,
        int port,
        Path cacheDir,
        long cacheMaxBytes,
        int maxDownloads,
        int threads,
        long maxRequestBody,
        Duration seriesMaxAge,
        Duration recheckAfter,
        ClientLimits limits,
        TlsSettings tls,
        RequestLogs.Settings requestLog,
        long maxBuildSize) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_UPSTREAM = "https://slurm-factory-spack-binary-cache.vantagecompute.ai/";
    public static final String DEFAULT_CACHE_MAX_SIZE = "50g";
    public static final int DEFAULT_MAX_DOWNLOADS = 4;
    public static final int DEFAULT_THREADS = 32;
    public static final long DEFAULT_MAX_REQUEST_BODY = 8192;
    public static final Duration DEFAULT_SERIES_MAX_AGE = Duration.ofMinutes(10);
    public static final int DEFAULT_RECHECK_MINUTES = 60;

    public ServerSettings {
        require(port >= 0 && port <= 65535, "port", port, "0-65535 (0 picks a free port)");
        require(cacheMaxBytes > 0, "cache-max-size", cacheMaxBytes, "a size > 0, e.g. 500m, 50g");
        require(maxDownloads > 0, "max-downloads", maxDownloads, "a whole number > 0");
        require(threads > 0, "threads", threads, "a whole number > 0");
        require(maxRequestBody >= 0, "max-request-body", maxRequestBody, "a size >= 0");
    }

    /**
     * The settings the runnable jar's options give: {@code options} maps an option's name without {@code --}
     * ({@code port}, {@code min-response-rate}, {@code tls-cert}, …) to its value, null or absent for its default.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value, naming it and what is valid
     */
    public static ServerSettings fromOptions(Map<String, String> options) {
        return BridgeOptions.serverSettings(options);
    }

    /** Settings with the default {@link ClientLimits}. */
    public ServerSettings(String bind, int port, Path cacheDir, long cacheMaxBytes, int maxDownloads, int threads,
            long maxRequestBody, Duration seriesMaxAge, Duration recheckAfter) {
        this(bind, port, cacheDir, cacheMaxBytes, maxDownloads, threads, maxRequestBody, seriesMaxAge, recheckAfter,
                ClientLimits.DEFAULT, null, null,
                ByteSize.parse("max-build-size", TarballStore.DEFAULT_MAX_BUILD_SIZE));
    }

    /** These settings with {@code limits}. */
    public ServerSettings withLimits(ClientLimits limits) {
        return new ServerSettings(bind, port, cacheDir, cacheMaxBytes, maxDownloads, threads, maxRequestBody,
                seriesMaxAge, recheckAfter, limits, tls, requestLog, maxBuildSize);
    }

    /** These settings serving {@code https} with {@code tls}. */
    ServerSettings withTls(TlsSettings tls) {
        return new ServerSettings(bind, port, cacheDir, cacheMaxBytes, maxDownloads, threads, maxRequestBody,
                seriesMaxAge, recheckAfter, limits, tls, requestLog, maxBuildSize);
    }

    /** These settings with {@code maxBuildSize}. */
    ServerSettings withMaxBuildSize(long maxBuildSize) {
        return new ServerSettings(bind, port, cacheDir, cacheMaxBytes, maxDownloads, threads, maxRequestBody,
                seriesMaxAge, recheckAfter, limits, tls, requestLog, maxBuildSize);
    }

    /** These settings writing an access log as {@code requestLog} says. */
    ServerSettings withRequestLog(RequestLogs.Settings requestLog) {
        return new ServerSettings(bind, port, cacheDir, cacheMaxBytes, maxDownloads, threads, maxRequestBody,
                seriesMaxAge, recheckAfter, limits, tls, requestLog, maxBuildSize);
    }

    /** The default cache folder: {@code ~/.cache/slurm-bridge}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "slurm-bridge");
    }

    private static void require(boolean valid, String option, Object value, String expected) {
        if (!valid) {
            throw new IllegalArgumentException("Invalid " + option + " '" + value + "': expected " + expected);
        }
    }
}
