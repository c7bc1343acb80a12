package ai.vantage.maven.slurm.bench;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of a stored build from the bridge jar next to nginx serving the same file: N clients at once each GET
 * the whole tarball over loopback (HTTP/1.1, bytes counted and discarded); per client count and server, the median
 * and min–max of the runs in MiB/s, and the bridge's peak RSS (VmHWM) after each client count, with its anonymous and
 * file-backed parts then (a mapped file's pages in the page cache are the latter). The bridge runs with
 * {@code -Xmx256m} over a signed fixture cache read through {@code file:}; nginx ({@code sendfile on}) serves the
 * tarball from the bridge's own cache folder (the generation its pointer names). Runs alternate between the two
 * servers.
 *
 * <p>Usage: {@code BridgeBenchmark <bridge jar> <work dir> <MiB> <runs> <clients,...> [nginx binary]}
 */
public final class BridgeBenchmark {

    private static final Pattern SERVING = Pattern.compile("Serving ai.vantage:slurm from \\S+ at (http://\\S+/)");
    private static final String PATH = "/" + FixtureCache.NOBLE.mavenPath();

    private BridgeBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: BridgeBenchmark <bridge jar> <work dir> <MiB> <runs> <clients,...> [nginx]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        long mib = Long.parseLong(args[2]);
        int runs = Integer.parseInt(args[3]);
        int[] clients = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        String nginx = args.length > 5 ? args[5] : null;

        FixtureKey key = FixtureKey.generate("Bench signer <bench@slurm-maven-bridge.invalid>");
        Path keyFile = work.resolve("signer.asc");
        key.writePublicKey(keyFile);
        FixtureCache cache = FixtureCache.create(work.resolve("cache"), key);
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, FixtureTarball.of(FixtureCache.NOBLE).padding(mib << 20));
        Path bridgeCache = work.resolve("bridge-cache");
        Process bridge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--port", "0", "--threads", "64", "--upstream",
                cache.root().toUri().toString(), "--cache-dir", bridgeCache.toString(), "--pgp-fingerprints",
                key.fingerprint(), "--pgp-keys", keyFile.toString(), "--pgp-fetch-keys", "false")
                .redirectErrorStream(true).redirectOutput(work.resolve("bridge.log").toFile()).start();
        Process nginxProcess = null;
        try {
            URI bridgeUri = awaitServing(bridge, work.resolve("bridge.log"));
            long size = download(bridgeUri, new byte[1 << 20]);
            System.out.printf(Locale.ROOT, "[bench] stored build: %d bytes (%d MiB); bridge %s, pid %d%n", size,
                    size >> 20, bridgeUri, bridge.pid());
            URI nginxUri = null;
            if (nginx != null) {
                int port = freePort();
                nginxProcess = startNginx(nginx, work.resolve("nginx"), storedTarball(bridgeCache), port);
                nginxUri = URI.create("http://127.0.0.1:" + port + "/");
                if (download(nginxUri, new byte[1 << 20]) != size) {
                    throw new IllegalStateException("nginx does not serve the stored build: " + nginxUri + PATH);
                }
            }
            System.out.println("[bench] clients | bridge MiB/s median (min-max) | nginx MiB/s median (min-max)"
                    + " | bridge/nginx | bridge peak RSS MiB | RSS anonymous / file-backed MiB now");
            for (int n : clients) {
                List<Double> ofBridge = new ArrayList<>();
                List<Double> ofNginx = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    ofBridge.add(round(bridgeUri, n, size));
                    if (nginxUri != null) {
                        ofNginx.add(round(nginxUri, n, size));
                    }
                }
                double bridgeMedian = median(ofBridge);
                String nginxText = ofNginx.isEmpty() ? "n/a (no nginx)" : summary(ofNginx);
                String ratio = ofNginx.isEmpty() ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", bridgeMedian / median(ofNginx));
                long pid = bridge.pid();
                System.out.printf(Locale.ROOT, "[bench] %7d | %s | %s | %s | %d | %d / %d%n", n, summary(ofBridge),
                        nginxText, ratio, statusKib(pid, "VmHWM") >> 10, statusKib(pid, "RssAnon") >> 10,
                        statusKib(pid, "RssFile") >> 10);
            }
        } finally {
            bridge.destroy();
            if (nginxProcess != null) {
                nginxProcess.destroy();
            }
        }
    }

    /** {@code n} clients at once each download the whole file; the total MiB/s. */
    private static double round(URI uri, int n, long size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Long>> done = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                done.add(pool.submit(() -> download(uri, new byte[1 << 20])));
            }
            for (Future<Long> one : done) {
                if (one.get() != size) {
                    throw new IllegalStateException("a client got " + one.get() + " bytes of " + size + " from " + uri);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return n * (double) size / (1 << 20) / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One GET of the tarball, body read and discarded; its length. */
    private static long download(URI uri, byte[] buffer) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + PATH + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("no response head from " + uri);
                }
                head.append((char) b);
            }
            if (!head.toString().startsWith("HTTP/1.1 200")) {
                throw new IOException(uri + PATH + ": " + head.toString().lines().findFirst().orElse(""));
            }
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            return total;
        }
    }

    private static URI awaitServing(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = SERVING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the bridge did not start:\n" + Files.readString(log));
    }

    /** The tarball the bridge stores: in its build's folder, the generation the pointer file names. */
    private static Path storedTarball(Path bridgeCache) throws IOException {
        Path build = bridgeCache.resolve("builds").resolve(FixtureCache.NOBLE.series())
                .resolve(FixtureCache.NOBLE.classifier());
        return build.resolve(Files.readString(build.resolve("current")).trim())
                .resolve(FixtureCache.NOBLE.mavenFileName());
    }

    /** nginx serving {@code file} at {@link #PATH}. */
    private static Process startNginx(String nginx, Path prefix, Path file, int port) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                // the store writes its files 0600: nginx's workers read them as the bridge's user
                "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                "worker_processes auto;", "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + ";", "events { worker_connections 1024; }",
                "http {", "  access_log off;", "  sendfile on;", "  tcp_nopush on;",
                "  types { application/gzip gz; }",
                "  client_body_temp_path " + prefix + "/tmp; proxy_temp_path " + prefix + "/tmp;",
                "  fastcgi_temp_path " + prefix + "/tmp; uwsgi_temp_path " + prefix + "/tmp;",
                "  scgi_temp_path " + prefix + "/tmp;",
                "  server { listen 127.0.0.1:" + port + "; location = " + PATH + " { alias " + file + "; } }",
                "}", ""));
        Process process = new ProcessBuilder(nginx, "-p", prefix.toString(), "-c", conf.toString(), "-g",
                "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException("nginx did not start: " + Files.readString(prefix.resolve("nginx.out")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A field of {@code /proc/<pid>/status} in KiB: {@code VmHWM} (peak RSS), {@code RssAnon}, {@code RssFile}. */
    private static long statusKib(long pid, String field) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(
                Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String summary(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
}
