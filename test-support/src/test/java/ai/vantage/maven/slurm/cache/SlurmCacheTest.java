package ai.vantage.maven.slurm.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.RepositorySettings;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core cache service against the fixture cache on loopback. */
class SlurmCacheTest {

    private static final SlurmCoordinate UNSIGNED = SlurmCoordinate.of("25.11", "rockylinux8");

    @TempDir
    static Path work;

    private static FixtureCache fixture;
    private static CacheServer server;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCache() throws Exception {
        fixture = FixtureCache.create(work.resolve("cache"), FixtureKey.generate("Unit <unit@example.invalid>"))
                .populateDefault();
        Files.delete(FixtureCache.signaturePath(fixture.put(UNSIGNED, CacheLayout.CURRENT)));
        server = CacheServer.start(fixture.root());
    }

    @AfterAll
    static void stopCache() {
        server.close();
    }

    @BeforeEach
    void clear() {
        server.clearRequests();
    }

    private SlurmCache cache(String... keysAndValues) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "slurm.pgp.fingerprints", fixture.key().fingerprint(), SlurmSettings.PROJECT_DIRECTORY, work.toString()));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        SlurmSettings settings = SlurmSettings.of(properties, work.resolve("repository-" + System.nanoTime()));
        RepositorySettings repository = settings.repository("fixture");
        UpstreamClient client = new UpstreamClient(
                repository.upstream(server.uri().toString(), Proxy.NO_PROXY, null, null), UpstreamListener.NONE);
        return new SlurmCache(settings, repository, client, log::add);
    }

    @Test
    void openVerifiedStreamsTheBytesAndFinishesTheCheck() throws Exception {
        SlurmCache cache = cache();
        Path file = fixture.tarballPath(FixtureCache.JAMMY_PREVIOUS, CacheLayout.PREVIOUS);
        byte[] read;
        VerificationResult verified;
        Map<String, String> checksums;
        try (VerifiedDownload download = cache.openVerified(FixtureCache.JAMMY_PREVIOUS)) {
            assertEquals(CacheLayout.PREVIOUS, download.location().generation());
            assertEquals(Files.size(file), download.length());
            read = download.stream().readAllBytes();
            verified = download.finish();
            checksums = download.checksums();
        }

        assertArrayEquals(Files.readAllBytes(file), read);
        assertEquals(fixture.key().fingerprint(), verified.primaryFingerprint());
        Map<String, String> expected = Map.of("sha1", Checksums.of(read).get("sha1"), "sha256",
                Checksums.of(read).get("sha256"));
        assertEquals(expected, checksums);
    }

    @Test
    void locationAndSignatureAreRememberedPerCoordinate() throws Exception {
        SlurmCache cache = cache();
        Location location = cache.locate(FixtureCache.ROCKY9_DOCUMENTED);
        int requests = server.requests().size();

        byte[] signature = cache.signature(FixtureCache.ROCKY9_DOCUMENTED);

        assertEquals(CacheLayout.DOCUMENTED, location.generation());
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(
                fixture.tarballPath(FixtureCache.ROCKY9_DOCUMENTED, CacheLayout.DOCUMENTED))), signature);
        assertEquals(requests, server.requests().size(), "the signature came with the location");
    }

    @Test
    void unsignedBuildIsRefusedBeforeItsFirstByteUnlessAllowed() throws Exception {
        VerificationException e = assertThrows(VerificationException.class, () -> cache().openVerified(UNSIGNED));
        assertEquals(VerificationException.Reason.NO_SIGNATURE, e.reason());
        assertFalse(server.requests().contains("GET /" + CacheLayout.CURRENT.tarballKey(UNSIGNED).orElseThrow()),
                server.requests().toString());

        SlurmCache allowing = cache("slurm.pgp.allowUnsigned", UNSIGNED.shortForm());
        try (VerifiedDownload download = allowing.openVerified(UNSIGNED)) {
            byte[] read = download.stream().readAllBytes();
            // the acceptance rule decides on the refusal the download ends with (TarballAcceptanceTest)
            assertEquals(VerificationException.Reason.NO_SIGNATURE,
                    assertThrows(VerificationException.class, download::finish).reason());
            assertEquals(Checksums.of(read).get("sha256"), download.checksums().get("sha256"));
        }
    }

    @Test
    void seriesAreListedOncePerCache() {
        SlurmCache cache = cache();
        assertEquals(List.of("23.11", "24.11", "25.11"), cache.series());
        int requests = server.requests().size();
        assertThrows(NotFoundException.class, () -> cache.locate(SlurmCoordinate.of("26.05", "noble")));
        assertTrue(server.requests().stream().skip(requests).noneMatch(r -> r.contains("list-type=2")),
                server.requests().toString());

        assertEquals(List.of("23.11", "24.11", "25.11", "26.05"), cache("slurm.listing", "false").series());
    }

    @Test
    void slowDownloadLogsProgressLines() throws Exception {
        String key = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE_ARM64).orElseThrow();
        long size = Files.size(fixture.root().resolve(key));
        server.throttle(key, (int) size); // a second for the whole body
        try (VerifiedDownload download = cache("slurm.progressInterval", "200").openVerified(FixtureCache.NOBLE_ARM64)) {
            download.stream().readAllBytes();
            download.finish();
        } finally {
            server.throttle(key, 0);
        }

        assertFalse(log.isEmpty(), "a line every 200 ms of a one-second download");
        assertTrue(log.get(0).startsWith("Downloading " + FixtureCache.NOBLE_ARM64 + ": "), log.get(0));
        assertTrue(log.get(0).contains(" of ") && log.get(0).contains("/s from " + server.uri() + key), log.get(0));
    }
}
