package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge server through an HTTP client, over the fixture cache: the rules Nexus 3 and Artifactory apply. */
class BridgeServerTest {

    private static final String TARBALL = FixtureCache.NOBLE.mavenPath();
    private static final String POM = "ai/vantage/slurm/25.11/slurm-25.11.pom";
    private static final String METADATA = "ai/vantage/slurm/maven-metadata.xml";
    private static final List<String> FILES = List.of(TARBALL, TARBALL + ".asc", POM, METADATA);
    private static final String OTHER_KEY = "FDEA90667641505264EFD114DFB92630BCA5AB71";

    @TempDir
    Path root;

    private Upstream upstream;
    private BridgeServer bridge;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
        bridge = start(Map.of(), ServerSettings.DEFAULT_CACHE_MAX_SIZE);
    }

    private BridgeServer start(Map<String, String> config, String cacheMaxSize) throws IOException {
        return start(config, cacheMaxSize, Duration.ofHours(1));
    }

    private BridgeServer start(Map<String, String> config, String cacheMaxSize, Duration recheckAfter)
            throws IOException {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"),
                ByteSize.parse("size", cacheMaxSize), 2, 16, 8192, Duration.ofMinutes(10), recheckAfter);
        return BridgeServer.start(settings, upstream.source(config), upstream.log);
    }

    @AfterEach
    void stop() {
        bridge.close();
        upstream.close();
    }

    private HttpResponse<byte[]> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(bridge.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return request("GET", path, headers);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Whether the bridge's store holds {@code coordinate}, its files and their folder included. */
    private boolean stored(SlurmCoordinate coordinate) throws IOException {
        Path folder = root.resolve("bridge-cache").resolve(GenerationFolders.FOLDER).resolve(coordinate.series())
                .resolve(coordinate.classifier());
        if (Files.exists(folder.resolve(GenerationFolders.POINTER))) {
            return true;
        }
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(), files.toList(), "nothing of a build removed is left");
        }
        return false;
    }

    private Path served(SlurmCoordinate coordinate) {
        return upstream.cache.tarballPath(coordinate, CacheLayout.CURRENT);
    }

    @Test
    void headAndGetSendTheSameHeadersAndTheRightMediaTypes() throws Exception {
        Map<String, String> types = Map.of(TARBALL, "application/gzip", TARBALL + ".asc", "application/pgp-signature",
                POM, "application/xml", METADATA, "application/xml", TARBALL + ".sha1", "text/plain",
                POM + ".md5", "text/plain");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<byte[]> head = request("HEAD", file.getKey());
            HttpResponse<byte[]> get = get(file.getKey());
            assertEquals(200, head.statusCode(), file.getKey());
            assertEquals(200, get.statusCode(), file.getKey());
            for (String name : List.of("Content-Length", "Content-Type", "Last-Modified", "ETag")) {
                assertEquals(header(get, name), header(head, name), name + " of " + file.getKey());
            }
            assertEquals(file.getValue(), header(get, "Content-Type"), file.getKey());
            assertEquals(Long.toString(get.body().length), header(head, "Content-Length"), file.getKey());
            assertEquals(0, head.body().length);
            assertNull(header(get, "Content-Encoding"), file.getKey());
        }
        assertArrayEquals(Files.readAllBytes(served(FixtureCache.NOBLE)), get(TARBALL).body());
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(served(FixtureCache.NOBLE))),
                get(TARBALL + ".asc").body(), "the .asc passes through unchanged");
    }

    @Test
    void everyChecksumIsTheBareHexOfTheBytesServed() throws Exception {
        for (String path : FILES) {
            Map<String, String> expected = Checksums.of(get(path).body());
            for (String extension : List.of("sha1", "md5", "sha256", "sha512")) {
                HttpResponse<byte[]> checksum = get(path + "." + extension);
                assertEquals(200, checksum.statusCode(), path + "." + extension);
                String hex = new String(checksum.body(), StandardCharsets.US_ASCII);
                assertEquals(expected.get(extension), hex, path + "." + extension);
            }
        }
    }

    @Test
    void pomAndMetadataNameTheCoordinatesOfTheirPath() throws Exception {
        String pom = new String(get(POM).body(), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<groupId>ai.vantage</groupId>") && pom.contains("<artifactId>slurm</artifactId>")
                && pom.contains("<version>25.11</version>"), pom);

        String metadata = new String(get(METADATA).body(), StandardCharsets.UTF_8);
        assertTrue(metadata.contains("<groupId>ai.vantage</groupId>") && metadata.contains("<artifactId>slurm</artifactId>"),
                metadata);
        assertFalse(metadata.replaceAll("(?s)<versions>.*</versions>", "").contains("<version>"),
                "GA-level metadata has no <version>: " + metadata);
        assertTrue(metadata.contains("<latest>25.11</latest>") && metadata.contains("<release>25.11</release>"), metadata);
        assertTrue(metadata.contains("<version>23.11</version>") && metadata.contains("<version>24.11</version>"), metadata);
        assertTrue(metadata.matches("(?s).*<lastUpdated>\\d{14}</lastUpdated>.*"), metadata);
        assertArrayEquals(get(METADATA).body(), get(METADATA).body(), "the same bytes while the series are the same");
    }

    /**
     * What an Artifactory remote repository does on a cold server: reads the metadata, then for each file HEAD before
     * GET (sizes must agree, or its download hangs), asking for gzip; it refuses a POM whose coordinates are not its
     * path's and a checksum that does not match the bytes.
     */
    @Test
    void artifactorysHeadBeforeGetOnAColdServer() throws Exception {
        String metadata = new String(get(METADATA).body(), StandardCharsets.UTF_8);
        List<String> series = Pattern.compile("<version>([^<]+)</version>").matcher(metadata).results()
                .map(m -> m.group(1)).toList();
        assertTrue(series.containsAll(List.of("23.11", "24.11", "25.11")), metadata);
        List<String> paths = new ArrayList<>();
        for (String version : series) {
            paths.add("ai/vantage/slurm/" + version + "/slurm-" + version + ".pom");
        }
        paths.addAll(List.of(TARBALL, TARBALL + ".asc"));
        for (String path : paths) {
            HttpResponse<byte[]> head = request("HEAD", path, "Accept-Encoding", "gzip, deflate");
            HttpResponse<byte[]> get = get(path, "Accept-Encoding", "gzip, deflate");
            assertEquals(200, head.statusCode(), path);
            assertEquals(Long.toString(get.body().length), header(head, "Content-Length"), path);
            assertEquals(header(get, "Content-Type"), header(head, "Content-Type"), path);
            assertNull(header(get, "Content-Encoding"), path);
            for (String extension : List.of("sha1", "md5", "sha256", "sha512")) {
                HttpResponse<byte[]> checksum = get(path + "." + extension);
                assertEquals(header(checksum, "Content-Length"),
                        header(request("HEAD", path + "." + extension), "Content-Length"), path + "." + extension);
                assertEquals(Checksums.of(get.body()).get(extension),
                        new String(checksum.body(), StandardCharsets.US_ASCII), path + "." + extension);
            }
            if (path.endsWith(".pom")) {
                String version = path.split("/")[3];
                String pom = new String(get.body(), StandardCharsets.UTF_8);
                assertTrue(pom.contains("<groupId>ai.vantage</groupId>") && pom.contains("<artifactId>slurm</artifactId>")
                        && pom.contains("<version>" + version + "</version>"), pom);
            }
        }
        assertArrayEquals(Files.readAllBytes(served(FixtureCache.NOBLE)), get(TARBALL).body());
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "the HEAD downloaded and verified the build once; the GET was served from the disk cache");
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        for (String path : FILES) {
            HttpResponse<byte[]> first = get(path);
            String etag = header(first, "ETag");
            String lastModified = header(first, "Last-Modified");
            assertEquals(304, get(path, "If-None-Match", etag).statusCode(), path);
            assertEquals(304, get(path, "If-Modified-Since", lastModified).statusCode(), path);
            assertEquals(200, get(path, "If-None-Match", "\"other\"").statusCode(), path);
            assertEquals(200, get(path, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode(), path);
            assertEquals(lastModified, header(get(path), "Last-Modified"), "stable per file: " + path);
        }
    }

    @Test
    void rangesGet206() throws Exception {
        byte[] whole = Files.readAllBytes(served(FixtureCache.NOBLE));
        HttpResponse<byte[]> part = get(TARBALL, "Range", "bytes=10-19");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 10-19/" + whole.length, header(part, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(whole, 10, 20), part.body());

        HttpResponse<byte[]> tail = get(TARBALL, "Range", "bytes=-5");
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 5, whole.length), tail.body());
        HttpResponse<byte[]> rest = get(TARBALL, "Range", "bytes=100-");
        assertArrayEquals(Arrays.copyOfRange(whole, 100, whole.length), rest.body());
        HttpResponse<byte[]> headPart = request("HEAD", TARBALL, "Range", "bytes=100-");
        assertEquals(206, headPart.statusCode());
        assertEquals(Integer.toString(whole.length - 100), header(headPart, "Content-Length"));

        assertEquals(416, get(TARBALL, "Range", "bytes=" + whole.length + "-").statusCode());
        assertEquals(200, get(TARBALL, "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode(),
                "a Range for another version of the file gets the whole file");
    }

    @Test
    void pathsThatNameNoFileGet404AndFetchNothingElseUpstream() throws Exception {
        List<String> paths = List.of(
                "ai/vantage/slurm/25.11/slurm-25.11.jar",
                "ai/vantage/slurm/25.11/slurm-25.11-nosuch.tar.gz",
                "ai/vantage/slurm/2511/slurm-2511-noble.tar.gz",
                "ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.sha3",
                "ai/vantage/slurm/25.11/maven-metadata.xml",
                "ai/vantage/other/1/other-1.pom",
                "noble/25.11/amd64/slurm-25.11-noble-amd64-software.tar.gz",
                "noble/spack/build_cache/_pgp/ABC.pub",
                "ai/vantage/slurm/25.11/%2e%2e/%2e%2e/slurm/maven-metadata.xml",
                "ai/vantage/slurm/%32%35.11/slurm-25.11.pom",
                "ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz%00",
                "ai/vantage/slurm/25.11.6.1/slurm-25.11.6.1-noble.tar.gz",
                "ai/vantage/slurm/25.11.x/slurm-25.11.x.pom",
                "?list-type=2&prefix=noble/",
                "");
        for (String path : paths) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertEquals(404, request("HEAD", path).statusCode(), path);
        }
        assertEquals(404, rawRequest("GET /ai/vantage/slurm/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(404, rawRequest("GET //ai/vantage/slurm/maven-metadata.xml HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(404, rawRequest("GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n"));
        assertEquals(List.of(), upstream.server.requests(), "nothing was fetched upstream");

        // a well-formed build the cache does not have: only the keys of that build are probed
        assertEquals(404, get("ai/vantage/slurm/24.11/slurm-24.11-rockylinux8-arm64.tar.gz").statusCode());
        assertTrue(upstream.server.requests().stream().allMatch(r -> r.contains("/rockylinux8/24.11/arm64/")),
                upstream.server.requests().toString());
    }

    @Test
    void writesAndLargeBodiesAreRefused() throws Exception {
        HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(bridge.uri().resolve(POM))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, put.statusCode());
        assertEquals(413, rawRequest("GET /" + POM + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"),
                "answered before a byte of the body is read");
    }

    @Test
    void healthAnswers() throws Exception {
        HttpResponse<byte[]> health = get("health");
        assertEquals(200, health.statusCode());
        assertEquals("OK\n", new String(health.body(), StandardCharsets.UTF_8));
        assertEquals(List.of(), upstream.server.requests(), "a health check costs no upstream request");
    }

    @Test
    void theSeriesListIsReadFromTheCacheAtMostOncePerMaxAge() throws Exception {
        get(METADATA);
        int listings = upstream.server.requests().size();
        assertTrue(listings > 0 && upstream.server.requests().stream().allMatch(r -> r.contains("list-type=2")),
                upstream.server.requests().toString());
        get(METADATA);
        get(METADATA + ".sha1");
        assertEquals(listings, upstream.server.requests().size(), "no second listing within 10 minutes");
    }

    @Test
    void oneLogLinePerRequestWithStatusBytesAndReason() throws Exception {
        upstream.tamper(FixtureCache.NOBLE);
        get(POM);
        get(TARBALL);
        List<String> lines = requestLines(2);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 GET /" + POM + " 200 \\d+ \\d+ms"), lines.get(0));
        assertTrue(lines.get(1).matches("127\\.0\\.0\\.1 GET /" + TARBALL + " 502 \\d+ \\d+ms BAD_SIGNATURE"),
                lines.get(1));
        assertEquals(404, get("ai/" + "x".repeat(4000)).statusCode());
        String longest = requestLines(3).get(2);
        assertTrue(longest.length() < 400, "a long path is cut in the log: " + longest.length());
    }

    @Test
    void tamperedTarballGets502WithTheReasonAndIsNeverCached() throws Exception {
        upstream.tamper(FixtureCache.NOBLE);
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<byte[]> response = get(TARBALL);
            assertEquals(502, response.statusCode());
            assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("BAD")
                    || new String(response.body(), StandardCharsets.UTF_8).contains("do not match"),
                    new String(response.body(), StandardCharsets.UTF_8));
            assertEquals(502, get(TARBALL + ".sha1").statusCode(), "no checksum of unverified bytes");
        }
        try (Stream<Path> files = Files.walk(root.resolve("bridge-cache"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing is left in the cache");
        }
        assertEquals(4, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "each request downloads again: a refused tarball is not cached");
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.contains("Refusing to serve /" + TARBALL)),
                upstream.warnings.toString());
    }

    @Test
    void concurrentRequestsShareOneUpstreamDownload() throws Exception {
        String key = Upstream.currentKey(FixtureCache.NOBLE);
        upstream.server.delay(key, 300);
        byte[] expected = Files.readAllBytes(served(FixtureCache.NOBLE));
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Callable<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(() -> get(TARBALL));
            }
            for (Future<HttpResponse<byte[]>> done : clients.invokeAll(calls)) {
                assertEquals(200, done.get().statusCode());
                assertArrayEquals(expected, done.get().body());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, upstream.requestsOf("GET", key), upstream.server.requests().toString());
    }

    @Test
    void leastRecentlyUsedTarballsAreEvictedPastTheCacheSize() throws Exception {
        bridge.close();
        long one = Files.size(served(FixtureCache.NOBLE));
        bridge = start(Map.of(), Long.toString(one + one / 2));
        assertEquals(200, get(TARBALL).statusCode());
        assertEquals(200, get(FixtureCache.NOBLE_ARM64.mavenPath()).statusCode());
        assertFalse(stored(FixtureCache.NOBLE), "the older one was evicted");
        assertTrue(stored(FixtureCache.NOBLE_ARM64));
        assertEquals(200, get(TARBALL).statusCode());
        assertEquals(2, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)));
    }

    @Test
    void aRebuildInTheCacheIsServedOnceItsSignatureChanged() throws Exception {
        bridge.close();
        bridge = start(Map.of(), ServerSettings.DEFAULT_CACHE_MAX_SIZE, Duration.ZERO);
        HttpResponse<byte[]> first = get(TARBALL);
        assertEquals(200, first.statusCode());
        assertEquals(first.body().length, get(TARBALL).body().length);
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "same signature: no download");

        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).patch("7"));
        HttpResponse<byte[]> rebuilt = get(TARBALL);
        assertArrayEquals(Files.readAllBytes(served(FixtureCache.NOBLE)), rebuilt.body());
        assertFalse(header(first, "ETag").equals(header(rebuilt, "ETag")));
        assertEquals(304, get(TARBALL, "If-None-Match", header(rebuilt, "ETag")).statusCode());

        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, FixtureTarball.of(FixtureCache.NOBLE).patch("8"));
        upstream.tamper(FixtureCache.NOBLE);
        HttpResponse<byte[]> refused = get(TARBALL);
        assertEquals(200, refused.statusCode(), "a refused rebuild: the stored, verified build is still served");
        assertArrayEquals(rebuilt.body(), refused.body());
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.startsWith("Serving the stored " + FixtureCache.NOBLE)),
                upstream.warnings.toString());
    }

    @Test
    void anOlderSignedBuildUpstreamIsARollbackTheNewerStaysServedUntilADowngradeIsAllowedOnce() throws Exception {
        bridge.close();
        bridge = start(Map.of(), ServerSettings.DEFAULT_CACHE_MAX_SIZE, Duration.ZERO);
        Path tarball = served(FixtureCache.NOBLE);
        Path asc = FixtureCache.signaturePath(tarball);
        byte[] olderBytes = Files.readAllBytes(tarball);
        byte[] olderSignature = Files.readAllBytes(asc);
        Thread.sleep(1100); // signature times are in seconds
        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, FixtureTarball.of(FixtureCache.NOBLE).patch("7"));
        byte[] newer = get(TARBALL).body();
        assertArrayEquals(Files.readAllBytes(tarball), newer);

        Files.write(tarball, olderBytes);
        Files.write(asc, olderSignature);
        HttpResponse<byte[]> rolledBack = get(TARBALL);
        assertEquals(200, rolledBack.statusCode());
        assertArrayEquals(newer, rolledBack.body(), "the newer build stays served");
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.startsWith("Serving the stored " + FixtureCache.NOBLE)
                && w.contains("before the newest signature already accepted for it")), upstream.warnings.toString());
        long downloads = upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE));
        assertArrayEquals(newer, get(TARBALL).body());
        assertEquals(downloads, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "a refused signature is not downloaded again");

        bridge.close();
        bridge = start(Map.of("slurm.allowDowngrade", "true"), ServerSettings.DEFAULT_CACHE_MAX_SIZE, Duration.ZERO);
        assertArrayEquals(olderBytes, get(TARBALL).body(), "--allow-downgrade accepts it");
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.startsWith("DOWNGRADE accepted (slurm.allowDowngrade): "
                + FixtureCache.NOBLE)), upstream.warnings.toString());
        bridge.close();
        bridge = start(Map.of(), ServerSettings.DEFAULT_CACHE_MAX_SIZE, Duration.ZERO);
        assertArrayEquals(olderBytes, get(TARBALL).body(), "once: it is the newest served now");
    }

    @Test
    void aRestartWithAnotherKeyPinnedRefusesTheStoredBuildsOfTheOldKeyForGetAndHead() throws Exception {
        assertEquals(200, get(TARBALL).statusCode());
        bridge.close();
        upstream.infos.clear();

        bridge = start(Map.of("slurm.pgp.fingerprints", OTHER_KEY), ServerSettings.DEFAULT_CACHE_MAX_SIZE);

        assertTrue(upstream.infos.contains("Checked the 1 stored build(s) under today's trust: 1 dropped"),
                upstream.infos.toString());
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.startsWith("Dropped the stored " + FixtureCache.NOBLE
                + ", which today's trust refuses: ")), upstream.warnings.toString());
        for (String method : List.of("GET", "HEAD")) {
            HttpResponse<byte[]> refused = request(method, TARBALL);
            assertEquals(502, refused.statusCode(), method);
            if (method.equals("GET")) {
                String body = new String(refused.body(), StandardCharsets.UTF_8);
                assertTrue(body.contains("signed by key " + upstream.cache.key().fingerprint()), body);
            }
        }
        assertFalse(stored(FixtureCache.NOBLE), "the entry is dropped");
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)),
                "refused before any byte is downloaded again");
    }

    @Test
    void aStoredBuildIsRefusedOnRequestWhenTodaysTrustNoLongerAcceptsIt() throws Exception {
        assertEquals(200, get(TARBALL).statusCode());
        TarballStore store = new TarballStore(root.resolve("bridge-cache"),
                upstream.source(Map.of("slurm.pgp.fingerprints", OTHER_KEY)), Long.MAX_VALUE, 1, upstream.log);

        VerificationException e = assertThrows(VerificationException.class,
                () -> store.underTodaysTrust(FixtureCache.NOBLE, store.cached(FixtureCache.NOBLE).orElseThrow()));

        assertEquals(VerificationException.Reason.UNTRUSTED_KEY, e.reason());
        assertTrue(store.cached(FixtureCache.NOBLE).isEmpty(), "dropped");
    }

    @Test
    void aStoredBuildUnderOtherTrustSettingsIsVerifiedAgainOnceAndThenOnlyItsSignatureIsChecked() throws Exception {
        byte[] first = get(TARBALL).body();
        bridge.close();
        upstream.infos.clear();
        Map<String, String> both = Map.of("slurm.pgp.fingerprints", upstream.cache.key().fingerprint() + ","
                + OTHER_KEY);

        bridge = start(both, ServerSettings.DEFAULT_CACHE_MAX_SIZE);
        assertArrayEquals(first, get(TARBALL).body());
        assertArrayEquals(first, get(TARBALL).body());

        assertEquals(1, upstream.infos.stream().filter(l -> l.startsWith(FixtureCache.NOBLE
                + " was stored under other trust settings")).count(), upstream.infos.toString());
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "verified from disk");
        bridge.close();
        upstream.infos.clear();
        bridge = start(both, ServerSettings.DEFAULT_CACHE_MAX_SIZE);
        assertArrayEquals(first, get(TARBALL).body());
        assertTrue(upstream.infos.stream().noneMatch(l -> l.contains("was stored under other trust settings")),
                "the same settings: no second read " + upstream.infos);
    }

    @Test
    void upstreamTroubleIsRetriedInsideTheServerThenGets502ThatIsNotCached() throws Exception {
        bridge.close();
        bridge = start(Map.of("slurm.retries", "2"), ServerSettings.DEFAULT_CACHE_MAX_SIZE);
        String key = Upstream.currentKey(FixtureCache.NOBLE);

        upstream.server.failWith(key, 503, 2);
        assertEquals(200, get(TARBALL).statusCode(), "two 503s are retried away");
        assertEquals(3, upstream.requestsOf("GET", key));

        String arm = Upstream.currentKey(FixtureCache.NOBLE_ARM64);
        upstream.server.failWith(arm, 500, 3);
        HttpResponse<byte[]> failed = get(FixtureCache.NOBLE_ARM64.mavenPath());
        assertEquals(502, failed.statusCode());
        assertEquals(3, upstream.requestsOf("GET", arm), "1 + 2 retries, then 502");
        assertEquals(200, get(FixtureCache.NOBLE_ARM64.mavenPath()).statusCode(), "the failure was not cached");
    }

    @Test
    void aDownloadLargerThanTheMaxBuildSizeIsBrokenOffAndNothingIsStored() throws Exception {
        bridge.close();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"), Long.MAX_VALUE, 2,
                16, 8192, Duration.ofMinutes(10), Duration.ofHours(1)).withMaxBuildSize(1024);
        bridge = BridgeServer.start(settings, upstream.source(Map.of()), upstream.log);
        assertTrue(Files.size(served(FixtureCache.NOBLE)) > 1024);
        HttpResponse<byte[]> refused = get(TARBALL);
        assertEquals(502, refused.statusCode());
        assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("more than --max-build-size 1024"),
                new String(refused.body(), StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(root.resolve("bridge-cache"))) {
            assertEquals(List.of(), files.filter(f -> f.toString().contains("slurm-25.11")).toList(),
                    "no tarball, no .part");
        }
    }

    @Test
    void aCacheFolderWrittenBeforeGenerationsIsNotReadItsBuildsAreFetchedAgain() throws Exception {
        bridge.close();
        Path old = root.resolve("bridge-cache").resolve(TARBALL); // <cache-dir>/ai/…, the Maven 2 layout of before
        Files.createDirectories(old.getParent());
        byte[] stale = "a tarball of an older layout".getBytes(StandardCharsets.US_ASCII);
        Files.write(old, stale);
        for (Map.Entry<String, String> checksum : Checksums.of(stale).entrySet()) {
            Files.writeString(TarballStore.sibling(old, "." + checksum.getKey()), checksum.getValue());
        }
        Files.copy(FixtureCache.signaturePath(served(FixtureCache.NOBLE)), TarballStore.sibling(old, ".asc"));
        bridge = start(Map.of(), ServerSettings.DEFAULT_CACHE_MAX_SIZE);

        HttpResponse<byte[]> tarball = get(TARBALL);

        assertEquals(200, tarball.statusCode());
        assertArrayEquals(Files.readAllBytes(served(FixtureCache.NOBLE)), tarball.body());
        assertEquals(Checksums.of(tarball.body()).get("sha1"),
                new String(get(TARBALL + ".sha1").body(), StandardCharsets.US_ASCII));
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "fetched again");
        assertTrue(stored(FixtureCache.NOBLE), "into a generation folder");
        assertArrayEquals(stale, Files.readAllBytes(old), "the old folder is left alone, for the operator to delete");
    }

    /** The log's request lines, once there are {@code count} (a line is written when its response is sent). */
    private List<String> requestLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> lines;
        do {
            Thread.sleep(10);
            synchronized (upstream.infos) {
                lines = upstream.infos.stream().filter(l -> l.startsWith("127.0.0.1 ")).toList();
            }
        } while (lines.size() < count && System.nanoTime() < deadline);
        return lines;
    }

    /** Sends {@code request} as it is on a socket; returns the status code. */
    private int rawRequest(String request) throws IOException {
        URI uri = bridge.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
