package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeMetrics;
import ai.vantage.maven.slurm.bridge.BridgeServer;
import ai.vantage.maven.slurm.bridge.ClientLimits;
import ai.vantage.maven.slurm.bridge.ServerSettings;
import ai.vantage.maven.slurm.bridge.TarballStore;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the bridge server in the foreground until Maven is stopped: a plain Maven 2 repository of
 * {@code ai.vantage:slurm} over the Slurm cache, for Maven without the extension and for Nexus or Artifactory
 * proxies. The {@code slurm.pgp.*} settings and {@code slurm.allowDowngrade} apply. The same server as
 * {@code java -jar slurm-bridge-server.jar}: each parameter is one of its options, checked by it.
 */
@Mojo(name = "serve", requiresProject = false, threadSafe = true)
public final class ServeMojo extends AbstractBridgeMojo {

    /** The port to listen on; 0 picks a free one. */
    @Parameter(property = "slurm.serve.port", defaultValue = "" + ServerSettings.DEFAULT_PORT)
    int port;

    /** The address to listen on. */
    @Parameter(property = "slurm.serve.bind", defaultValue = ServerSettings.DEFAULT_BIND)
    String bind;

    /** Where verified tarballs are kept; {@code ~/.cache/slurm-bridge} by default. */
    @Parameter(property = "slurm.serve.cacheDir")
    File cacheDir;

    /** The most bytes of tarballs kept ({@code 500m}, {@code 50g}); the least recently used go first. */
    @Parameter(property = "slurm.serve.cacheMaxSize", defaultValue = ServerSettings.DEFAULT_CACHE_MAX_SIZE)
    String cacheMaxSize;

    /** The most bytes one build's download may write; past it the download is broken off and nothing stored. */
    @Parameter(property = "slurm.serve.maxBuildSize", defaultValue = TarballStore.DEFAULT_MAX_BUILD_SIZE)
    String maxBuildSize;

    /** The most upstream downloads at once. */
    @Parameter(property = "slurm.serve.maxDownloads", defaultValue = "" + ServerSettings.DEFAULT_MAX_DOWNLOADS)
    int maxDownloads;

    /** Minutes a stored tarball is served before its signature in the cache is compared again (to pick up a rebuild). */
    @Parameter(property = "slurm.serve.recheckAfter", defaultValue = "" + ServerSettings.DEFAULT_RECHECK_MINUTES)
    int recheckAfter;

    /** The most requests answered at once. */
    @Parameter(property = "slurm.serve.threads", defaultValue = "" + ServerSettings.DEFAULT_THREADS)
    int threads;

    /** The largest request body accepted, in bytes; larger ones get 413 (bodies are never read). */
    @Parameter(property = "slurm.serve.maxRequestBody", defaultValue = "" + ServerSettings.DEFAULT_MAX_REQUEST_BODY)
    String maxRequestBody;

    /** Seconds a request head (request line and headers) may take to arrive. */
    @Parameter(property = "slurm.serve.headTimeout", defaultValue = "" + ClientLimits.DEFAULT_HEAD_TIMEOUT_SECONDS)
    int headTimeout;

    /** Seconds a connection may make no progress, reading or writing. */
    @Parameter(property = "slurm.serve.idleTimeout", defaultValue = "" + ClientLimits.DEFAULT_IDLE_TIMEOUT_SECONDS)
    int idleTimeout;

    /** The slowest request head accepted once it took 5 s, in bytes per second. */
    @Parameter(property = "slurm.serve.minRequestRate", defaultValue = ClientLimits.DEFAULT_MIN_REQUEST_RATE)
    String minRequestRate;

    /** The slowest reader served once a response took longer than the idle timeout, in bytes per second. */
    @Parameter(property = "slurm.serve.minResponseRate", defaultValue = ClientLimits.DEFAULT_MIN_RESPONSE_RATE)
    String minResponseRate;

    /** Serve https: the certificate chain, PEM (with {@code slurm.serve.tlsKey}). */
    @Parameter(property = "slurm.serve.tlsCert")
    File tlsCert;

    /** Serve https: the certificate's private key, PEM PKCS#8. */
    @Parameter(property = "slurm.serve.tlsKey")
    File tlsKey;

    /** Serve https: key and certificate in a PKCS#12 or JKS file. */
    @Parameter(property = "slurm.serve.tlsKeystore")
    File tlsKeystore;

    /** The password of {@code slurm.serve.tlsKeystore}. */
    @Parameter(property = "slurm.serve.tlsKeystorePassword")
    String tlsKeystorePassword;

    /** The access log, one line per request, appended ({@code -} for stdout); none by default. */
    @Parameter(property = "slurm.serve.requestLog")
    String requestLog;

    /** The access log's format: {@code combined} (NCSA, plus the signature check) or {@code json}. */
    @Parameter(property = "slurm.serve.requestLogFormat", defaultValue = "combined")
    String requestLogFormat;

    @Override
    String formerUpstreamProperty() {
        return "slurm.serve.upstream";
    }

    /** The cache served: {@link #upstream}, else the former property, else the Slurm Factory cache (project or not). */
    @Override
    String upstream() {
        return givenOr(upstream, formerUpstreamProperty(), UPSTREAM).orElse(ServerSettings.DEFAULT_UPSTREAM);
    }

    /** The parameters as the runnable jar's options (the jar checks them and owns their defaults). */
    private Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bind", bind);
        options.put("port", Integer.toString(port));
        options.put("cache-dir", path(cacheDir));
        options.put("cache-max-size", cacheMaxSize);
        options.put("max-build-size", maxBuildSize);
        options.put("max-downloads", Integer.toString(maxDownloads));
        options.put("recheck-after", Integer.toString(recheckAfter));
        options.put("threads", Integer.toString(threads));
        options.put("max-request-body", maxRequestBody);
        options.put("head-timeout", Integer.toString(headTimeout));
        options.put("idle-timeout", Integer.toString(idleTimeout));
        options.put("min-request-rate", minRequestRate);
        options.put("min-response-rate", minResponseRate);
        options.put("tls-cert", path(tlsCert));
        options.put("tls-key", path(tlsKey));
        options.put("tls-keystore", path(tlsKeystore));
        options.put("tls-keystore-password", tlsKeystorePassword);
        options.put("request-log", requestLog);
        options.put("request-log-format", requestLogFormat);
        return options;
    }

    private static String path(File file) {
        return file == null ? null : file.getPath();
    }

    @Override
    void run() throws MojoExecutionException {
        ServerSettings settings;
        try {
            settings = ServerSettings.fromOptions(options());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("slurm:serve: " + e.getMessage(), e);
        }
        BridgeMetrics metrics = new BridgeMetrics();
        String from = upstream();
        try (BridgeServer server = BridgeServer.start(settings, source(from, metrics.upstreamListener()),
                bridgeLog(), metrics, Clock.systemUTC())) {
            getLog().info("Serving ai.vantage:slurm from " + from + " at " + server.uri() + " (cache "
                    + settings.cacheDir() + "); stop with Ctrl-C");
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot start the bridge server on " + bind + ":" + port + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            getLog().info("Bridge server stopped");
        }
    }
}
