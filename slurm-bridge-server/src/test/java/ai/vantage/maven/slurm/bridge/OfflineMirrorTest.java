package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline mirror over the fixture cache: what it writes, re-runs, and a build that fails verification. */
class OfflineMirrorTest {

    @TempDir
    Path root;

    private Upstream upstream;
    private Path target;

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
        target = root.resolve("mirror");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private MirrorReport mirror(String series, String toolchains, String arches) throws IOException {
        return mirror(Map.of(), series, toolchains, arches);
    }

    private MirrorReport mirror(Map<String, String> settings, String series, String toolchains, String arches)
            throws IOException {
        return new OfflineMirror(upstream.source(settings), target, upstream.log)
                .run(MirrorSelection.parse(series, toolchains, arches));
    }

    private static List<String> statuses(MirrorReport report) {
        return report.rows().stream().map(r -> r.build() + " " + r.status()).toList();
    }

    @Test
    void writesTheChosenBuildsAsAMaven2RepositoryWithEveryChecksum() throws IOException {
        MirrorReport report = mirror("25.11,24.11", "noble,jammy", null);

        assertEquals(List.of(FixtureCache.NOBLE + " WRITTEN", FixtureCache.NOBLE_ARM64 + " WRITTEN",
                FixtureCache.JAMMY_PREVIOUS + " WRITTEN"), statuses(report));
        assertEquals(List.of(), report.failures());
        assertArrayEquals(Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                Files.readAllBytes(target.resolve(FixtureCache.NOBLE.mavenPath())));
        for (String path : List.of(FixtureCache.NOBLE.mavenPath(), FixtureCache.NOBLE.mavenPath() + ".asc",
                FixtureCache.JAMMY_PREVIOUS.mavenPath(), "ai/vantage/slurm/25.11/slurm-25.11.pom",
                "ai/vantage/slurm/24.11/slurm-24.11.pom", "ai/vantage/slurm/maven-metadata.xml")) {
            Map<String, String> expected = Checksums.of(Files.readAllBytes(target.resolve(path)));
            for (String extension : TarballStore.CHECKSUMS) {
                assertEquals(expected.get(extension),
                        Files.readString(target.resolve(path + "." + extension), StandardCharsets.US_ASCII), path);
            }
        }
        String metadata = Files.readString(target.resolve("ai/vantage/slurm/maven-metadata.xml"));
        assertTrue(metadata.contains("<version>24.11</version>") && metadata.contains("<release>25.11</release>")
                && !metadata.contains("23.11"), "only the series mirrored: " + metadata);
        assertTrue(report.table().get(report.table().size() - 1).startsWith("3 written, 0 unchanged, 0 not mirrored"),
                report.table().toString());
    }

    @Test
    void anExactReleaseIsNoSeriesToMirror() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MirrorSelection.parse("25.11,25.11.6", null, null));
        assertTrue(e.getMessage().startsWith("Malformed Slurm series '25.11.6'"), e.getMessage());
    }

    @Test
    void reRunsSkipWhatIsThereAndReplaceWhatChanged() throws IOException {
        mirror("25.11", "noble", "amd64");
        Path tarball = target.resolve(FixtureCache.NOBLE.mavenPath());
        Path metadata = target.resolve("ai/vantage/slurm/maven-metadata.xml");
        FileTime written = Files.getLastModifiedTime(tarball);
        FileTime metadataWritten = Files.getLastModifiedTime(metadata);
        upstream.server.clearRequests();

        MirrorReport again = mirror("25.11", "noble", "amd64");
        assertEquals(List.of(FixtureCache.NOBLE + " UNCHANGED"), statuses(again));
        assertEquals(written, Files.getLastModifiedTime(tarball));
        assertEquals(metadataWritten, Files.getLastModifiedTime(metadata), "same series: metadata not rewritten");
        assertEquals(0, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "no tarball download");

        Files.write(tarball, new byte[] {1, 2, 3});
        assertEquals(List.of(FixtureCache.NOBLE + " WRITTEN"), statuses(mirror("25.11", "noble", "amd64")),
                "a damaged copy is replaced");
        assertArrayEquals(Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                Files.readAllBytes(tarball));
    }

    @Test
    void aRunStoppedMidSwitchIsFetchedAgainAndWhatItLeftInStagingDeleted() throws IOException {
        mirror("25.11", "noble", "amd64");
        Path tarball = target.resolve(FixtureCache.NOBLE.mavenPath());
        Path asc = TarballStore.sibling(tarball, ".asc");
        Path left = Files.createDirectories(target.resolve(MavenFolder.STAGING).resolve("stopped"));
        Files.write(left.resolve(FixtureCache.NOBLE.mavenFileName()), new byte[] {4, 5, 6});
        Files.delete(asc); // the old .asc goes first, the new one comes last: a stop in between leaves none
        Files.write(tarball, new byte[] {1, 2, 3});
        upstream.server.clearRequests();

        assertEquals(List.of(FixtureCache.NOBLE + " WRITTEN"), statuses(mirror("25.11", "noble", "amd64")));

        Path served = upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        assertArrayEquals(Files.readAllBytes(served), Files.readAllBytes(tarball));
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(served)), Files.readAllBytes(asc));
        assertEquals(1, upstream.requestsOf("GET", Upstream.currentKey(FixtureCache.NOBLE)), "downloaded again");
        try (Stream<Path> staging = Files.list(target.resolve(MavenFolder.STAGING))) {
            assertEquals(List.of(), staging.toList(), "what the stopped run left is deleted");
        }
    }

    @Test
    void aRebuildThatFailsVerificationKeepsTheVerifiedCopy() throws IOException {
        mirror("25.11", "noble", "amd64");
        Path tarball = target.resolve(FixtureCache.NOBLE.mavenPath());
        byte[] verified = Files.readAllBytes(tarball);
        byte[] signature = Files.readAllBytes(target.resolve(FixtureCache.NOBLE.mavenPath() + ".asc"));
        Path upstreamTarball = upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Files.write(upstreamTarball, new byte[] {9, 9, 9});
        upstream.cache.sign(upstreamTarball);
        upstream.tamper(FixtureCache.NOBLE);

        assertEquals(List.of(FixtureCache.NOBLE + " REFUSED"), statuses(mirror("25.11", "noble", "amd64")));
        assertArrayEquals(verified, Files.readAllBytes(tarball));
        assertArrayEquals(signature, Files.readAllBytes(target.resolve(FixtureCache.NOBLE.mavenPath() + ".asc")));
    }

    @Test
    void aBuildFailingVerificationIsNotWrittenAndIsNamedWhileTheRestIsMirrored() throws IOException {
        upstream.tamper(FixtureCache.NOBLE_ARM64);
        MirrorReport report = mirror("25.11", "noble", null);

        assertEquals(List.of(FixtureCache.NOBLE + " WRITTEN", FixtureCache.NOBLE_ARM64 + " REFUSED"), statuses(report));
        assertEquals(FixtureCache.NOBLE_ARM64.toString(), report.failures().get(0).build());
        assertEquals("BAD_SIGNATURE", report.failures().get(0).detail());
        assertTrue(Files.exists(target.resolve(FixtureCache.NOBLE.mavenPath())));
        try (Stream<Path> files = Files.walk(target)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains("noble-arm64")),
                    "nothing of the refused build is written");
        }
        assertTrue(report.table().stream().anyMatch(l -> l.startsWith(FixtureCache.NOBLE_ARM64.toString())
                && l.contains("refused")), report.table().toString());
    }

    @Test
    void aMirroredBuildIsRefusedAndRemovedOnceItsKeyIsNoLongerPinned() throws IOException {
        mirror("25.11", "noble", "amd64");
        Path tarball = target.resolve(FixtureCache.NOBLE.mavenPath());
        assertTrue(Files.exists(tarball));

        MirrorReport report = mirror(Map.of(SlurmConfigurationKeys.CONFIG_PROP_PGP_FINGERPRINTS,
                "FDEA90667641505264EFD114DFB92630BCA5AB71"), "25.11", "noble", "amd64");

        assertEquals(List.of(FixtureCache.NOBLE + " REFUSED"), statuses(report));
        assertEquals("UNTRUSTED_KEY", report.failures().get(0).detail());
        assertFalse(Files.exists(tarball), "no copy of bytes today's trust refuses stays in the mirror");
        assertFalse(Files.exists(target.resolve(FixtureCache.NOBLE.mavenPath() + ".asc")));
        assertTrue(upstream.warnings.stream().anyMatch(w -> w.startsWith("Removed " + tarball)),
                upstream.warnings.toString());
    }

    @Test
    void anOlderSignedBuildUpstreamIsARollbackAndTheNewerCopyStays() throws Exception {
        Path upstreamTarball = upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        byte[] olderBytes = Files.readAllBytes(upstreamTarball);
        byte[] olderSignature = Files.readAllBytes(FixtureCache.signaturePath(upstreamTarball));
        Thread.sleep(1100); // signature times are in seconds
        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, FixtureTarball.of(FixtureCache.NOBLE).patch("7"));
        mirror("25.11", "noble", "amd64");
        Path tarball = target.resolve(FixtureCache.NOBLE.mavenPath());
        byte[] newer = Files.readAllBytes(tarball);

        Files.write(upstreamTarball, olderBytes);
        Files.write(FixtureCache.signaturePath(upstreamTarball), olderSignature);
        MirrorReport report = mirror("25.11", "noble", "amd64");

        assertEquals(List.of(FixtureCache.NOBLE + " REFUSED"), statuses(report));
        assertEquals("ROLLBACK", report.failures().get(0).detail());
        assertArrayEquals(newer, Files.readAllBytes(tarball));
        assertEquals(List.of(FixtureCache.NOBLE + " WRITTEN"), statuses(mirror(
                Map.of(SlurmConfigurationKeys.CONFIG_PROP_ALLOW_DOWNGRADE, "true"), "25.11", "noble", "amd64")));
        assertArrayEquals(olderBytes, Files.readAllBytes(tarball));
    }
}
