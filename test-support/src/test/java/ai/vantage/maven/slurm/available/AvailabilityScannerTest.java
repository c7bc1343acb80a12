package ai.vantage.maven.slurm.available;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.available.AvailableBuild.Source;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.spack.SpackMirrorReader;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slurm:available's data gathering against the S3-like fixture server. */
class AvailabilityScannerTest {

    private static FixtureKey key;

    @TempDir
    Path root;

    private FixtureCache cache;
    private CacheServer server;

    @BeforeAll
    static void generate() {
        key = FixtureKey.generate("Fixture Signer <fixture@example.invalid>");
    }

    @BeforeEach
    void serve() throws IOException {
        cache = FixtureCache.create(root.resolve("cache"), key).populateDefault();
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).slurm("25-11-6-1", Arch.ARM64)
                .write();
        key.writePublicKey(root.resolve("fixture.asc"));
        server = CacheServer.start(cache.root());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AvailabilityScanner scanner(String base) {
        UpstreamClient client = new UpstreamClient(UpstreamSettings.of(List.of(base), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 0, Duration.ZERO), UpstreamListener.NONE);
        SpackMirrorReader releases = new SpackMirrorReader(client, SignatureVerifier.builder(
                TrustedKeys.parse(key.fingerprint())).keyFiles(List.of(root.resolve("fixture.asc"))).build());
        return new AvailabilityScanner(client, CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS), releases, 3);
    }

    private static Map<String, AvailableBuild> byShortForm(Availability availability) {
        return availability.builds().stream()
                .collect(Collectors.toMap(b -> b.coordinate().shortForm(), Function.identity()));
    }

    @Test
    void listingThenProbesThenSignedReleases() throws Exception {
        server.setPageSize(1); // every listing is paginated with continuation tokens

        Availability availability = scanner(server.uri().toString())
                .scan(List.of(Toolchain.NOBLE, Toolchain.JAMMY, Toolchain.ROCKYLINUX9));

        Map<String, AvailableBuild> rows = byShortForm(availability);
        assertEquals(List.of("23.11:rockylinux9", "24.11:jammy", "25.11:noble", "25.11:noble-arm64"),
                availability.builds().stream().map(b -> b.coordinate().shortForm()).toList());
        AvailableBuild noble = rows.get("25.11:noble");
        assertEquals(Source.LISTING, noble.source());
        assertEquals("current", noble.generation());
        assertEquals(Files.size(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)), noble.size());
        assertNotNull(noble.lastModified());
        assertNotNull(noble.signatureTime());
        assertEquals("25.11.6", noble.release().mavenVersion());
        assertEquals("25.11.6", rows.get("25.11:noble-arm64").release().mavenVersion());
        assertEquals("previous", rows.get("24.11:jammy").generation());
        assertEquals("documented", rows.get("23.11:rockylinux9").generation());
        assertNull(rows.get("24.11:jammy").release(), "jammy has no Spack mirror");
        assertTrue(availability.notes().stream().anyMatch(n -> n.startsWith("No exact releases for jammy")),
                availability.notes().toString());
        assertTrue(server.requests().stream().anyMatch(r -> r.contains("continuation-token")), "paginated listing");
    }

    @Test
    void withoutListingTheBuiltInSeriesAreProbed() throws Exception {
        server.setListingEnabled(false);

        Availability availability = scanner(server.uri().toString()).scan(List.of(Toolchain.NOBLE));

        assertEquals(List.of("25.11:noble", "25.11:noble-arm64"),
                availability.builds().stream().map(b -> b.coordinate().shortForm()).toList());
        assertEquals(Source.PROBE, availability.builds().get(0).source());
        assertTrue(availability.notes().get(0).startsWith("The cache's listing did not answer"),
                availability.notes().toString());
    }

    @Test
    void unreachableCacheGivesTheBuiltInTableAndSaysSo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Availability availability = scanner("http://127.0.0.1:" + port + "/").scan(List.of(Toolchain.NOBLE));

        assertEquals(SlurmSeries.KNOWN.size() * Arch.values().length, availability.builds().size());
        assertTrue(availability.builds().stream().allMatch(b -> b.source() == Source.BUILT_IN && b.generation() == null));
        assertTrue(availability.notes().stream().anyMatch(n -> n.startsWith("The cache cannot be reached")),
                availability.notes().toString());
    }
}
