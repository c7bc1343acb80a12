package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeMetrics;
import ai.vantage.maven.slurm.bridge.BridgeServer;
import ai.vantage.maven.slurm.bridge.ByteSize;
import ai.vantage.maven.slurm.bridge.ServerSettings;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the bridge server in the foreground until Maven is stopped: a plain Maven 2 repository of
 * {@code ai.vantage:slurm} over the Slurm cache, for Maven without the extension and for Nexus or Artifactory
 * proxies. The {@code slurm.pgp.*} settings apply. The same server as {@code java -jar slurm-bridge-server.jar}.
 */
@Mojo(name = "serve", requiresProject = false, threadSafe = true)
public final class ServeMojo extends AbstractBridgeMojo {

    /** The port to listen on; 0 picks a free one. */
    @Parameter(property = "slurm.serve.port", defaultValue = "8080")
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

    /** The most upstream downloads at once. */
    @Parameter(property = "slurm.serve.maxDownloads", defaultValue = "4")
    int maxDownloads;

    /** Minutes a stored tarball is served before its signature in the cache is compared again (to pick up a rebuild). */
    @Parameter(property = "slurm.serve.recheckAfter", defaultValue = "60")
    int recheckAfter;

    /** The most requests answered at once. */
    @Parameter(property = "slurm.serve.threads", defaultValue = "32")
    int threads;

    @Override
    String formerUpstreamProperty() {
        return "slurm.serve.upstream";
    }

    /** The cache served: {@link #upstream}, else the former property, else the Slurm Factory cache (project or not). */
    @Override
    String upstream() {
        return givenOr(upstream, formerUpstreamProperty(), UPSTREAM).orElse(ServerSettings.DEFAULT_UPSTREAM);
    }

    @Override
    void run() throws MojoExecutionException {
        ServerSettings settings;
        try {
            settings = new ServerSettings(bind, port,
                    cacheDir == null ? ServerSettings.defaultCacheDir() : cacheDir.toPath(),
                    ByteSize.parse("slurm.serve.cacheMaxSize", cacheMaxSize), maxDownloads, threads,
                    ServerSettings.DEFAULT_MAX_REQUEST_BODY, ServerSettings.DEFAULT_SERIES_MAX_AGE,
                    Duration.ofMinutes(recheckAfter));
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
