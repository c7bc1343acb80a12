package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.fixture.TarWriter;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact versions ({@code ai.vantage:slurm:25.11.6:tar.gz:noble}) through the bridge server: the series build's
 * verified bytes while the signed Spack mirror says upstream holds the release and the build's module file shows it;
 * 410 with the message (as RFC 9457 problem details, which Maven prints) once the mirror says it has moved on (and
 * the server's answer is {@code recheckAfter} old) or the module file shows another release; 502 when it shows none.
 */
class ExactVersionTest {

    private static final String SERIES_TARBALL = FixtureCache.NOBLE.mavenPath();
    private static final String TARBALL = "ai/vantage/slurm/25.11.6/slurm-25.11.6-noble.tar.gz";
    private static final String POM = "ai/vantage/slurm/25.11.6/slurm-25.11.6.pom";
    private static final String INDEX = CacheLayout.spackMirror(Toolchain.NOBLE)
            + "v3/manifests/index/index.manifest.json";
    private static final String MOVED =
            "25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6)";
    private static final Duration RECHECK_AFTER = Duration.ofMinutes(60);

    @TempDir
    Path root;

    private Upstream upstream;
    private BridgeServer bridge;
    private final MovingClock clock = new MovingClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"), Long.MAX_VALUE, 2,
                16, 8192, Duration.ofMinutes(10), RECHECK_AFTER);
        bridge = BridgeServer.start(settings, upstream.source(Map.of()), upstream.log, new BridgeMetrics(), clock);
    }

    @AfterEach
    void stop() {
        bridge.close();
        upstream.close();
    }

    /** Upstream's series key for noble amd64 holds 25.11.{@code patch}, and its Spack mirror says so. */
    private void upstreamHolds(String patch) throws IOException {
        FixtureTarball tarball = FixtureTarball.of(FixtureCache.NOBLE).patch(patch);
        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, tarball);
        FixtureSpackMirror.of(upstream.cache, Toolchain.NOBLE).slurm(tarball.spackVersion(), Arch.AMD64).write();
    }

    private HttpResponse<byte[]> request(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(bridge.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return request("GET", path);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Asserts the server logs a line matching {@code regex} (a request's line follows its answer: waits a little). */
    private void assertLogged(String regex) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (List.copyOf(upstream.infos).stream().noneMatch(line -> line.matches(regex))) {
            assertTrue(System.currentTimeMillis() < deadline, regex + " not in " + upstream.infos);
            Thread.sleep(20);
        }
    }

    private Path served() {
        return upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
    }

    @Test
    void anExactVersionIsTheSeriesBuildWhileUpstreamHoldsThatRelease() throws Exception {
        upstreamHolds("6");
        HttpResponse<byte[]> exact = get(TARBALL);
        assertEquals(200, exact.statusCode(), text(exact));
        assertArrayEquals(Files.readAllBytes(served()), exact.body());
        assertArrayEquals(exact.body(), get(SERIES_TARBALL).body());
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "one download, one stored entry for the exact and the series version");
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(served())), get(TARBALL + ".asc").body());
        Map<String, String> checksums = Checksums.of(exact.body());
        for (String extension : List.of("sha1", "md5", "sha256", "sha512")) {
            assertEquals(checksums.get(extension), text(get(TARBALL + "." + extension)), extension);
        }
        assertEquals(text(get(SERIES_TARBALL + ".asc.sha1")), text(get(TARBALL + ".asc.sha1")));

        String pom = text(get(POM));
        assertTrue(pom.contains("<version>25.11.6</version>") && pom.contains("<slurm.release>25.11.6</slurm.release>"),
                pom);
        String metadata = text(get("ai/vantage/slurm/maven-metadata.xml"));
        assertTrue(metadata.contains("<version>25.11</version>") && !metadata.contains("25.11.6"),
                "the metadata lists series only: " + metadata);
    }

    @Test
    void theSbomOfABuildIsServedByCoordinateWithChecksumsForTheReleaseTheTarballIs() throws Exception {
        upstreamHolds("6");
        HttpResponse<byte[]> exact = get("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble-cyclonedx.json");
        HttpResponse<byte[]> series = get("ai/vantage/slurm/25.11/slurm-25.11-noble-cyclonedx.json");

        assertEquals(200, exact.statusCode(), text(exact));
        assertEquals(RepositoryFile.JSON, exact.headers().firstValue("Content-Type").orElse(null));
        assertTrue(text(exact).contains("\"version\" : \"25.11.6\""), text(exact));
        assertArrayEquals(exact.body(), series.body(), "one build, one document");
        assertEquals(Checksums.of(exact.body()).get("sha256"),
                text(get("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble-cyclonedx.json.sha256")));
        HttpResponse<byte[]> none = get("ai/vantage/slurm/24.11/slurm-24.11-jammy-cyclonedx.json");
        assertEquals(404, none.statusCode(), text(none));
        assertEquals(410, get("ai/vantage/slurm/25.11.5/slurm-25.11.5-noble-cyclonedx.json").statusCode(),
                "as for the tarball of that version");
    }

    @Test
    void onceUpstreamMovesOnAnExactVersionGets410WithTheMessageWhenTheAnswerIsRecheckAfterOld() throws Exception {
        upstreamHolds("6");
        assertEquals(200, get(TARBALL).statusCode());
        long indexReads = upstream.requestsOf("GET", INDEX);

        upstreamHolds("7");
        clock.advance(RECHECK_AFTER.minusMinutes(1));
        HttpResponse<byte[]> early = get(TARBALL);
        assertEquals(410, early.statusCode(), "the mirror's answer counts for recheckAfter, but the rebuild's bytes "
                + "are 25.11.7: " + text(early));
        assertTrue(text(early).contains("the signed tarball is Slurm 25.11.7 (its module file"), text(early));
        assertEquals(indexReads, upstream.requestsOf("GET", INDEX), "the Spack mirror was not read again");

        clock.advance(Duration.ofMinutes(1));
        long downloads = upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE));
        HttpResponse<byte[]> moved = get(TARBALL);
        assertEquals(410, moved.statusCode(), text(moved));
        assertEquals(BridgeServer.PROBLEM_JSON, moved.headers().firstValue("Content-Type").orElse(null));
        JsonNode problem = new ObjectMapper().readTree(moved.body());
        assertEquals(MOVED, problem.path("detail").asText(), text(moved));
        assertEquals(410, problem.path("status").asInt());
        assertEquals("Gone", problem.path("title").asText());
        for (String path : List.of(TARBALL + ".asc", TARBALL + ".sha1", TARBALL + ".asc.sha1")) {
            assertEquals(410, get(path).statusCode(), path);
        }
        assertEquals(410, request("HEAD", TARBALL).statusCode());
        assertEquals(downloads, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "nothing of the tarball was fetched");
        assertLogged("127\\.0\\.0\\.1 GET /" + TARBALL + " 410 \\d+ \\d+ms moved");

        HttpResponse<byte[]> pinned = get("ai/vantage/slurm/25.11.7/slurm-25.11.7-noble.tar.gz");
        assertEquals(200, pinned.statusCode(), text(pinned));
        assertArrayEquals(Files.readAllBytes(served()), pinned.body(), "the rebuild, verified");
        assertArrayEquals(pinned.body(), get(SERIES_TARBALL).body());
        assertEquals(200, get(POM).statusCode(), "a POM has no classifier: the tarball is where the rule applies");
    }

    @Test
    void whenTheSpackMirrorKnowsNothingOfTheSeriesTheBuildsModuleFileDecides() throws Exception {
        FixtureSpackMirror.of(upstream.cache, Toolchain.NOBLE).slurm("24-11-3-1", Arch.AMD64).write();
        for (String path : List.of("ai/vantage/slurm/25.11.4/slurm-25.11.4-noble.tar.gz",
                "ai/vantage/slurm/25.11.4/slurm-25.11.4-noble-arm64.tar.gz")) {
            HttpResponse<byte[]> other = get(path);
            assertEquals(410, other.statusCode(), text(other));
            assertTrue(new ObjectMapper().readTree(other.body()).path("detail").asText().contains(
                    "(asked for 25.11.4): the signed tarball is Slurm 25.11.6 (its module file "
                            + "view/assets/modules/slurm/25-11-6-1.lua says so)"), text(other));
        }
        assertArrayEquals(Files.readAllBytes(served()), get(TARBALL).body(), "25.11.6 is what the build holds");
    }

    @Test
    void withNoSpackIndexUpstreamAnExactVersionIsNeverTheBytesOfAnotherRelease() throws Exception {
        for (String release : List.of("25.11.999", "25.11.0")) {
            String path = "ai/vantage/slurm/" + release + "/slurm-" + release + "-noble.tar.gz";
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<byte[]> refused = request(method, path);
                assertEquals(410, refused.statusCode(), method + " " + path + ": " + text(refused));
            }
            assertEquals(410, get(path + ".sha1").statusCode(), "no checksum of bytes not served");
            assertEquals(410, get(path + ".asc").statusCode(), "nor the signature of another release");
            assertLogged("127\\.0\\.0\\.1 GET /" + path.replace(".", "\\.") + " 410 \\d+ \\d+ms moved");
        }
        assertArrayEquals(Files.readAllBytes(served()), get(TARBALL).body());
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "the release was read in the download's one pass, then from the store's record");
    }

    @Test
    void aBuildWhoseModuleFileShowsNoReleaseIsServedAsItsSeriesOnly() throws Exception {
        Path tarball = upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        try (TarWriter tar = TarWriter.gzip(Files.newOutputStream(tarball))) {
            tar.dir("view/").file("view/bin/sinfo", 0755, "#!/bin/sh\n");
        }
        upstream.cache.sign(tarball);

        HttpResponse<byte[]> unknown = get(TARBALL);

        assertEquals(502, unknown.statusCode(), text(unknown));
        assertEquals(BridgeServer.PROBLEM_JSON, unknown.headers().firstValue("Content-Type").orElse(null));
        assertTrue(new ObjectMapper().readTree(unknown.body()).path("detail").asText().startsWith("Refusing "
                + FixtureCache.NOBLE + " as Slurm 25.11.6: the signed tarball cannot be proven to be that release: "
                + "it has no module file"), text(unknown));
        assertLogged("127\\.0\\.0\\.1 GET /" + TARBALL.replace(".", "\\.")
                + " 502 \\d+ \\d+ms unknown-release");
        assertArrayEquals(Files.readAllBytes(tarball), get(SERIES_TARBALL).body(), "the series build it is");
    }

    @Test
    void aBuildStoredWithoutItsReleaseIsReadOnceToRecordIt() throws Exception {
        assertEquals(200, get(SERIES_TARBALL).statusCode());
        Path record = root.resolve("bridge-cache").resolve(TarballStore.RELEASE_RECORDS)
                .resolve(FixtureCache.NOBLE.toString().replace(':', '_'));
        assertEquals(Checksums.of(Files.readAllBytes(served())).get("sha256")
                + " 25.11.6-1 view/assets/modules/slurm/25-11-6-1.lua", Files.readString(record).strip());
        Files.delete(record); // as a store written before releases were recorded

        assertEquals(200, get(TARBALL).statusCode());
        assertEquals(410, get("ai/vantage/slurm/25.11.7/slurm-25.11.7-noble.tar.gz").statusCode());

        assertTrue(Files.isRegularFile(record));
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)));
    }

    @Test
    void aSpackMirrorWhoseSignatureIsRefusedGets502() throws Exception {
        upstreamHolds("6");
        Path specs = upstream.cache.root().resolve(CacheLayout.spackMirror(Toolchain.NOBLE))
                .resolve("v3/manifests/spec/slurm");
        try (var manifests = Files.list(specs)) {
            for (Path manifest : manifests.toList()) {
                // a signed line the reader does not otherwise use: only the signature check can refuse it
                Files.writeString(manifest, Files.readString(manifest).replace("install.v2", "install.v3"));
            }
        }
        HttpResponse<byte[]> refused = get(TARBALL);
        assertEquals(502, refused.statusCode(), text(refused));
        assertLogged("127\\.0\\.0\\.1 GET /" + TARBALL + " 502 \\d+ \\d+ms BAD_SIGNATURE");
        assertEquals(0, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "no byte of the tarball");
    }

    /** A clock that moves only when told. */
    private static final class MovingClock extends Clock {

        private volatile Instant now = Instant.parse("2026-06-18T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
