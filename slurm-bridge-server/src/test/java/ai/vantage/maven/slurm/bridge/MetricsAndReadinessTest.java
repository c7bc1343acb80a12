package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} in the Prometheus text format and {@code /ready} with its reasons, against the real server. */
class MetricsAndReadinessTest {

    private static final String TARBALL = FixtureCache.NOBLE.mavenPath();

    @TempDir
    Path root;

    private Upstream upstream;
    private BridgeServer bridge;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        upstream = Upstream.start(root);
    }

    private void serve(Map<String, String> config) throws Exception {
        BridgeMetrics metrics = new BridgeMetrics();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"), Long.MAX_VALUE, 2,
                8, 8192, Duration.ofMinutes(10), Duration.ofHours(1));
        bridge = BridgeServer.start(settings, new CacheBridgeSource(upstream.server.uri().toString(),
                upstream.settings(config), upstream.log, metrics.upstreamListener()), upstream.log, metrics,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        upstream.close();
    }

    @Test
    void metricsCountRequestsBytesUpstreamWorkRefusalsAndTheCache() throws Exception {
        serve(Map.of("slurm.retries", "2"));
        upstream.server.failWith(Upstream.currentKey(FixtureCache.NOBLE), 503, 1);
        long size = Files.size(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
        assertEquals(200, get(TARBALL).statusCode());
        assertEquals(200, request("HEAD", TARBALL).statusCode());
        assertEquals(200, get(TARBALL + ".sha1").statusCode());
        assertEquals(404, get("ai/vantage/other/1/other-1.pom").statusCode());
        upstream.tamper(FixtureCache.NOBLE_ARM64);
        HttpResponse<String> refused = get(FixtureCache.NOBLE_ARM64.mavenPath());
        assertEquals(502, refused.statusCode());

        HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(bridge.uri().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scraped.headers().toString());
        String metrics = scraped.body();
        assertEquals(2, value(metrics, "slurm_bridge_requests_total{kind=\"tarball\",status=\"200\"}"), metrics);
        assertEquals(1, value(metrics, "slurm_bridge_requests_total{kind=\"tarball\",status=\"502\"}"), metrics);
        assertEquals(1, value(metrics, "slurm_bridge_requests_total{kind=\"checksum\",status=\"200\"}"), metrics);
        assertEquals(1, value(metrics, "slurm_bridge_requests_total{kind=\"none\",status=\"404\"}"), metrics);
        assertEquals(size + refused.body().getBytes(StandardCharsets.UTF_8).length,
                value(metrics, "slurm_bridge_served_bytes_total{kind=\"tarball\"}"), "the GETs' bodies, not the HEAD");
        assertEquals(1, value(metrics, "slurm_bridge_refusals_total{reason=\"BAD_SIGNATURE\"}"), metrics);
        assertEquals(2, value(metrics, "slurm_bridge_upstream_requests_total{what=\"tarball\"}"), metrics);
        assertTrue(value(metrics, "slurm_bridge_upstream_bytes_total") >= size, metrics);
        assertEquals(1, value(metrics, "slurm_bridge_upstream_retries_total"), "the one 503: " + metrics);
        assertEquals(1, value(metrics, "slurm_bridge_cache_entries"), metrics);
        assertEquals(size, value(metrics, "slurm_bridge_cache_bytes"), metrics);
        assertEquals(0, value(metrics, "slurm_bridge_cache_evictions_total"), metrics);
        assertEquals(0, value(metrics, "slurm_bridge_downloads_in_flight"), metrics);
        assertEquals(0, value(metrics, "slurm_bridge_clients_waiting"), metrics);
    }

    @Test
    void readyOnceTheCacheAnsweredAndNotWhenTheCacheFolderCannotBeWritten() throws Exception {
        serve(Map.of());
        assertEquals(200, await("READY").statusCode(), "the background probe got an answer");
        assertEquals(200, get("health").statusCode());

        Path cacheDir = root.resolve("bridge-cache");
        try (var files = Files.walk(cacheDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(cacheDir, "not a folder");
        HttpResponse<String> notReady = get("ready");
        assertEquals(503, notReady.statusCode());
        assertTrue(notReady.body().contains("the cache folder " + cacheDir + " is not writable"), notReady.body());
        assertEquals(200, get("health").statusCode(), "still alive");
    }

    @Test
    void notReadyWhileTheCacheDoesNotAnswerOrThePinnedKeyIsMissing() throws Exception {
        upstream.server.close();
        serve(Map.of());
        HttpResponse<String> down = get("ready");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("the Slurm cache has not answered within 60 minutes"), down.body());
        bridge.close();

        upstream = Upstream.start(root.resolve("again"));
        Path otherKey = root.resolve("other.asc");
        FixtureKey.generate("Other <other@slurm-maven-bridge.invalid>").writePublicKey(otherKey);
        serve(Map.of(SlurmConfigurationKeys.CONFIG_PROP_PGP_KEYS, otherKey.toString()));
        assertEquals(502, get(TARBALL).statusCode());
        HttpResponse<String> keyless = get("ready");
        assertEquals(503, keyless.statusCode());
        assertTrue(keyless.body().contains("the pinned key is not loaded"), keyless.body());
    }

    private HttpResponse<String> await(String body) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        HttpResponse<String> ready;
        do {
            ready = get("ready");
            if (ready.body().startsWith(body)) {
                return ready;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return ready;
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return request("GET", path);
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(bridge.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
