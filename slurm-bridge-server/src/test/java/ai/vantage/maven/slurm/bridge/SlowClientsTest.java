package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Slow and stalled clients against the real server: they hold no request thread, others are answered at once, and
 * the head timeout, the idle timeout and the minimum response rate drop them. Each test has a server and folder of its
 * own and mostly waits on the server's timeouts, so the tests run at once (junit-platform.properties).
 */
@Execution(ExecutionMode.CONCURRENT)
class SlowClientsTest {

    private static final int THREADS = 4;
    private static final String TARBALL = FixtureCache.NOBLE.mavenPath();

    @TempDir
    Path root;

    private Upstream upstream;
    private BridgeServer bridge;
    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService trickles = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).padding(16 * 1024 * 1024));
    }

    private void serve(int headSeconds, int idleSeconds) throws IOException {
        serve(new ClientLimits(Duration.ofSeconds(headSeconds), Duration.ofSeconds(idleSeconds), 256, 64 * 1024));
    }

    private void serve(ClientLimits limits) throws IOException {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"), Long.MAX_VALUE, 2,
                THREADS, 8192, Duration.ofMinutes(10), Duration.ofHours(1)).withLimits(limits);
        bridge = BridgeServer.start(settings, upstream.source(Map.of()), upstream.log);
    }

    @AfterEach
    void stop() throws IOException {
        trickles.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        upstream.close();
    }

    @Test
    void connectionsStalledMidHeaderDelayNobodyAndAreClosedAtTheHeadTimeout() throws Exception {
        serve(2, 30);
        byte[] tarball = Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
        assertEquals(200, get(TARBALL).statusCode(), "stored before the slow clients come");
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 4 * THREADS; i++) {
            Socket socket = open();
            socket.getOutputStream().write(("GET /" + TARBALL + " HTTP/1.1\r\nHost: x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (i % 2 == 0) {
                stalled.add(socket); // then nothing
            } else {
                trickles.submit(() -> trickle(socket)); // a header line every 300 ms, as slowloris does
            }
        }
        Thread.sleep(300);

        long started = System.nanoTime();
        assertEquals(200, get("health").statusCode());
        assertTrue(millisSince(started) < 1000, "/health took " + millisSince(started) + " ms");
        started = System.nanoTime();
        HttpResponse<byte[]> stored = get(TARBALL);
        assertTrue(millisSince(started) < 1000, "the stored tarball took " + millisSince(started) + " ms");
        assertArrayEquals(tarball, stored.body());

        for (Socket socket : sockets) {
            long waited = System.nanoTime();
            assertEquals(-1, readToEnd(socket), "closed without an answer");
            assertTrue(millisSince(waited) < 5000, "closed at the head timeout");
        }
        assertTrue(upstream.warnings.stream().filter(w -> w.contains("no request head within 2 s")).count()
                >= 4 * THREADS, upstream.warnings.toString());
    }

    @Test
    void readersThatStallOrLeaveMidDownloadHoldNoThreadAndLeaveTheStoreIntact() throws Exception {
        serve(2, 2);
        byte[] tarball = Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
        assertEquals(200, get(TARBALL).statusCode());
        for (int i = 0; i < 4 * THREADS; i++) {
            Socket socket = open();
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET /" + TARBALL + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readNBytes(64 * 1024);
            if (i % 2 == 0) {
                socket.close(); // gone mid-download
            } // else: reads no more
        }

        long started = System.nanoTime();
        assertEquals(200, get("health").statusCode());
        HttpResponse<byte[]> stored = get(TARBALL);
        assertTrue(millisSince(started) < 1000, "/health and the tarball took " + millisSince(started) + " ms");
        assertArrayEquals(tarball, stored.body());

        TarballStore.Stored entry = new TarballStore(root.resolve("bridge-cache"), upstream.source(Map.of()),
                Long.MAX_VALUE, 1, upstream.log).cached(FixtureCache.NOBLE).orElseThrow();
        assertEquals(entry.checksums().get("sha256"), Checksums.sha256(entry.tarball()),
                "the stored tarball matches its checksums");
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "downloaded once");

        long waited = System.nanoTime();
        while (upstream.infos.stream().filter(l -> l.contains("client went away")).count() < 4 * THREADS
                && millisSince(waited) < 20_000) {
            Thread.sleep(100);
        }
        assertEquals(4 * THREADS, upstream.infos.stream().filter(l -> l.contains("client went away")).count(),
                "every reader that left or stalled was dropped (idle timeout, minimum rate): " + upstream.infos);
    }

    @Test
    void aRequestHeadSentSlowerThanTheMinimumRequestRateIsClosedAfterTheGraceWhileOthersAreServed() throws Exception {
        serve(new ClientLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 1024, 64 * 1024));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 4 * THREADS; i++) {
            Socket socket = open();
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            slow.add(socket);
            trickles.submit(() -> trickle(socket)); // about 40 bytes/s
        }
        long started = System.nanoTime();
        assertEquals(200, get("health").statusCode());
        assertTrue(millisSince(started) < 1000, "/health took " + millisSince(started) + " ms");

        for (Socket socket : slow) {
            assertEquals(-1, readToEnd(socket), "closed without an answer");
        }
        long closedAfter = millisSince(started);
        assertTrue(closedAfter < ClientLimits.RATE_GRACE.toMillis() + 3000, "closed after the "
                + ClientLimits.RATE_GRACE.toSeconds() + " s grace, long before the 60 s head timeout: " + closedAfter);
        assertTrue(upstream.warnings.stream().filter(w -> w.contains("slower than 1024 bytes/s (--min-request-rate)"))
                .count() >= 4 * THREADS, upstream.warnings.toString());
    }

    @Test
    void aRequestBodyTrickledIsNotWaitedForTheAnswerComesAndTheConnectionCloses() throws Exception {
        serve(new ClientLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 1024, 64 * 1024));
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        out.write(("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\nabc")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        trickles.submit(() -> {
            for (int i = 0; i < 400; i++) {
                out.write('x'); // 10 bytes/s: 400 s for the whole body
                out.flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return null;
        });
        long started = System.nanoTime();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(millisSince(started) < 2000, "answered and closed at once, not after the body: "
                + millisSince(started) + " ms");
        assertEquals(200, get("health").statusCode());
    }

    @Test
    void aReaderSlowerThanTheMinimumResponseRateIsCutOffThoughNeverIdleWhileOthersAreServed() throws Exception {
        serve(new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(4), 256, 1024 * 1024));
        byte[] tarball = Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
        assertEquals(200, get(TARBALL).statusCode());
        Socket socket = open();
        socket.getOutputStream().write(("GET /" + TARBALL + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        long started = System.nanoTime();
        trickles.submit(() -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) { // at most 512 KiB/s, half the rate, in steps the server sees
                TimeUnit.MILLISECONDS.sleep(125);
            }
            return null;
        });
        assertArrayEquals(tarball, get(TARBALL).body(), "others are served meanwhile");

        while (upstream.infos.stream().noneMatch(l -> l.contains("(--min-response-rate)"))
                && millisSince(started) < 30_000) {
            Thread.sleep(50);
        }
        String line = upstream.infos.stream().filter(l -> l.contains("(--min-response-rate)")).findFirst()
                .orElseThrow(() -> new AssertionError("not cut off: " + upstream.infos));
        assertTrue(line.contains(" 200 ") && line.contains("client went away: the client had not read")
                && line.contains("slower than 1048576 bytes/s"), line);
        long sent = Long.parseLong(line.split(" ")[4]);
        assertTrue(sent < tarball.length, "cut off before the end: " + line);
        assertTrue(millisSince(started) < 25_000, "cut off once the rate fell short, after the 4 s grace: " + line);
    }

    private Socket open() throws IOException {
        URI uri = bridge.uri();
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                TimeUnit.MILLISECONDS.sleep(300);
            }
        } catch (IOException | InterruptedException e) {
            // closed by the server, or the test ended
        }
    }

    /** Reads until the end of the stream: -1 when nothing came before it. */
    private static int readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            int first = in.read();
            while (first >= 0 && in.read() >= 0) {
                // an answer: reported by the first byte
            }
            return first;
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (IOException e) {
            return -1; // reset by the server
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(bridge.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
