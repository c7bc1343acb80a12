package ai.vantage.maven.slurm.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A plain Maven 2 repository of {@code ai.vantage:slurm} over HTTP, for Maven without the extension and for Nexus or
 * Artifactory proxies, served by Eclipse Jetty: what is answered is {@link RepositoryHandler}'s; this class sets up
 * the server around it. Request heads are read without a thread and must arrive within the head timeout; a connection
 * that makes no progress for the idle timeout, or a client reading slower than the minimum rate, is dropped; at most
 * {@code threads} requests are worked on at once. {@code GET /health} answers 200 while it runs, {@code /ready}
 * whether it can do its job, {@code /metrics} what it counted.
 */
public final class BridgeServer implements AutoCloseable {

    /** The path of the liveness check. */
    public static final String HEALTH = "/health";

    /** The path of the readiness check. */
    public static final String READY = "/ready";

    /** The path of the metrics, in the Prometheus text format. */
    public static final String METRICS = "/metrics";

    /** The media type of RFC 9457 problem details, which Maven's HTTP transports read and print. */
    static final String PROBLEM_JSON = "application/problem+json";

    /** The acceptor and the selector thread of the connector, beside the threads that answer requests. */
    private static final int CONNECTOR_THREADS = 2;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final Server server;
    private final ServerConnector connector;
    private final String scheme;

    private BridgeServer(ServerSettings settings, RepositoryHandler handler, BridgeLog log)
            throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(settings.threads() + CONNECTOR_THREADS,
                Math.min(8, settings.threads() + CONNECTOR_THREADS));
        threads.setName("slurm-bridge");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setErrorHandler(new PlainErrors());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // the raw path is checked by RequestPath: ambiguous ones get 404 there, not 400 here
        http.setUriCompliance(UriCompliance.UNSAFE);
        if (settings.tls() == null) {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        } else {
            // clients reach the bridge by any name or address: the certificate is theirs to check, not the Host
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(settings.tls().contextFactory(),
                    HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        }
        scheme = settings.tls() == null ? "http" : "https";
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        connector.setAcceptQueueSize(128);
        ClientLimits limits = settings.limits();
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new SlowHeads(server.getScheduler(), limits,
                (client, why) -> log.warn("Closed the connection of " + client + ": " + why)));
        server.addConnector(connector);
        // on stop, requests in progress get STOP_TIMEOUT_MILLIS to finish
        server.setHandler(new GracefulHandler(handler));
        if (settings.requestLog() != null) {
            server.setRequestLog(RequestLogs.of(settings.requestLog()));
        }
    }

    /**
     * Starts a server over {@code source}, with a {@link TarballStore} in the settings' cache folder.
     *
     * @throws IOException when the port cannot be bound or the cache folder made
     */
    public static BridgeServer start(ServerSettings settings, BridgeSource source, BridgeLog log) throws IOException {
        return start(settings, source, log, new BridgeMetrics(), Clock.systemUTC());
    }

    /**
     * Starts a server over {@code source} counting in {@code metrics} (give its {@link BridgeMetrics#upstreamListener}
     * to the source's upstream client, so that retries are counted too).
     *
     * @throws IOException when the port cannot be bound or the cache folder made
     */
    public static BridgeServer start(ServerSettings settings, BridgeSource source, BridgeLog log,
            BridgeMetrics metrics, Clock clock) throws IOException {
        MeteredSource metered = new MeteredSource(source, metrics, clock);
        TarballStore store = new TarballStore(settings.cacheDir(), metered, settings.cacheMaxBytes(),
                settings.maxDownloads(), settings.maxBuildSize(), log);
        int unfinished = store.cleanUp();
        if (unfinished > 0) {
            log.info("Deleted " + unfinished + " set(s) of build files an earlier run left unfinished or replaced");
        }
        TarballStore.TrustCheck trust = store.dropUntrusted();
        log.info("Checked the " + trust.checked() + " stored build(s) under today's trust: " + trust.dropped()
                + " dropped");
        metrics.watch(store);
        RepositoryFiles files = new RepositoryFiles(metered, store, settings.seriesMaxAge(), settings.recheckAfter(),
                clock, log);
        Readiness readiness = new Readiness(settings.cacheDir(), store, metered, settings.recheckAfter(), clock);
        BridgeServer bridge = new BridgeServer(settings, new RepositoryHandler(files, settings.maxRequestBody(),
                settings.limits(), log, metrics, readiness), log);
        try {
            bridge.server.start();
        } catch (IOException e) {
            bridge.close();
            throw e;
        } catch (Exception e) {
            bridge.close();
            throw new IOException(e.getMessage(), e);
        }
        return bridge;
    }

    /** The port listened on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The repository's base URL, ending with {@code /}. */
    public URI uri() {
        String host;
        try {
            host = InetAddress.getByName(connector.getHost()).getHostAddress();
        } catch (IOException e) {
            host = connector.getHost();
        }
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop();
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // stopping: nothing left to do about it
        }
    }
}
