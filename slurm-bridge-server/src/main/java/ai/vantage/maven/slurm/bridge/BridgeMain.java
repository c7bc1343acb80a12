package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.bridge.BridgeOptions.Option;
import ai.vantage.maven.slurm.config.SlurmSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The runnable jar: {@code java -jar slurm-bridge-server-<version>.jar --port 8080 --upstream https://…} serves until
 * stopped; {@code --mirror <dir>} copies builds into a folder instead. Exit code 2 for bad options, 1 when a mirrored
 * build failed or the server could not start.
 */
public final class BridgeMain {

    private static final String SIMPLE_LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private BridgeMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Jetty's own log (SLF4J's simple binding): warnings and errors only, to stderr; -D... overrides it
        if (System.getProperty(SIMPLE_LOG_LEVEL) == null) {
            System.setProperty(SIMPLE_LOG_LEVEL, "warn");
        }
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
        new CountDownLatch(1).await(); // serving until the JVM is stopped
    }

    /**
     * Runs the command line.
     *
     * @return the exit code, or -1 while a server started by it is serving
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        BridgeLog log = console(out, err);
        BridgeOptions options;
        ServerSettings settings;
        CacheBridgeSource source;
        BridgeMetrics metrics = new BridgeMetrics();
        try {
            options = BridgeOptions.parse(args);
            if (options.has(Option.HELP)) {
                out.print(BridgeOptions.help());
                return 0;
            }
            settings = options.serverSettings();
            source = new CacheBridgeSource(options.get(Option.UPSTREAM, ServerSettings.DEFAULT_UPSTREAM),
                    SlurmSettings.of(options.slurmProperties(), Path.of(""), options.keyCache()), log,
                    metrics.upstreamListener());
        } catch (IllegalArgumentException e) {
            err.println("[ERROR] " + e.getMessage());
            return 2;
        }
        try {
            if (options.has(Option.MIRROR)) {
                return mirror(options, source, log);
            }
            BridgeServer server;
            try {
                server = BridgeServer.start(settings, source, log, metrics, Clock.systemUTC());
            } catch (IOException e) {
                err.println("[ERROR] Cannot listen on " + settings.bind() + ":" + settings.port() + " (--bind, --port): "
                        + e.getMessage());
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "slurm-bridge-stop"));
            log.info("Serving ai.vantage:slurm from " + source.upstream() + " at " + server.uri()
                    + " (cache " + settings.cacheDir() + ", at most " + settings.cacheMaxBytes() + " bytes)");
            return -1;
        } catch (IllegalArgumentException e) {
            err.println("[ERROR] " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("[ERROR] " + e.getMessage());
            return 1;
        }
    }

    private static int mirror(BridgeOptions options, CacheBridgeSource source, BridgeLog log) throws IOException {
        MirrorSelection selection = MirrorSelection.parse(options.get(Option.SERIES, null),
                options.get(Option.TOOLCHAINS, null), options.get(Option.ARCHES, null));
        Path target = Path.of(options.get(Option.MIRROR, null));
        log.info("Mirroring ai.vantage:slurm from " + source.upstream() + " into " + target.toAbsolutePath());
        MirrorReport report = new OfflineMirror(source, target, log).run(selection);
        report.table().forEach(log::info);
        if (!report.failures().isEmpty()) {
            log.warn("Not mirrored: " + report.failures().stream().map(MirrorReport.Row::build).toList());
            return 1;
        }
        return 0;
    }

    private static BridgeLog console(PrintStream out, PrintStream err) {
        return new BridgeLog() {
            @Override
            public void info(String message) {
                out.println(Instant.now() + " [INFO] " + message);
            }

            @Override
            public void warn(String message) {
                err.println(Instant.now() + " [WARNING] " + message);
            }
        };
    }
}
