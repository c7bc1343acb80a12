package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resolving {@code ai.vantage:slurm} through the slurm+http transport, on Maven 3.9 and 4.0. */
class ResolveIT extends FixtureCacheIT {

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void resolvesEveryLayoutGenerationWithStrictChecksums(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-every-generation", "every-generation")
                .args("-C", "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        for (SlurmCoordinate coordinate : List.of(FixtureCache.NOBLE, FixtureCache.NOBLE_ARM64,
                FixtureCache.JAMMY_PREVIOUS, FixtureCache.ROCKY9_DOCUMENTED)) {
            CacheLayout layout = CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS);
            String served = layout.candidates(coordinate).stream()
                    .map(g -> g.tarballKey(coordinate).orElseThrow())
                    .filter(k -> Files.exists(cache.root().resolve(k)))
                    .findFirst().orElseThrow();
            assertEquals(sha256(cache.root().resolve(served)),
                    sha256(result.slurmTarball(coordinate.series(), coordinate.classifier())),
                    coordinate + ": the local repository must hold the bytes served at " + served);
            assertEquals(1, result.log().lines().filter(l -> l.contains("Verified " + coordinate + ": signed by "
                    + key.fingerprint())).count(), coordinate + " is logged as verified once:\n" + result.log());
        }
        assertFalse(result.log().lines().anyMatch(l -> l.contains("WARN") && l.toLowerCase().contains("checksum")),
                "no checksum warning under -C:\n" + result.log());
        assertFalse(result.log().contains("Could not validate integrity"), result::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void unknownToolchainFailsNamingTheValidOnes(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-from-cache", "unknown-toolchain")
                .property("slurm.series", "25.11").property("slurm.classifier", "xenial")
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Unknown Slurm toolchain 'xenial'"), result::toString);
        assertTrue(result.log().contains("valid toolchains: noble, jammy, resolute, rockylinux10, rockylinux9, rockylinux8"),
                result::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void missingBuildIsNotFoundNamingTheUrlsTried(MavenVersion maven) throws Exception {
        MavenResult result = resolving(maven, "missing-build", SlurmCoordinate.of("26.05", "noble"))
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("ai.vantage:slurm:26.05:tar.gz:noble is not in the Slurm cache"), result::toString);
        assertTrue(result.log().contains("noble/26.05/amd64/slurm-26.05-noble-amd64-software.tar.gz"), result::toString);
        assertTrue(result.log().contains("builds/26.05/noble/slurm-26.05-noble-software.tar.gz"), result::toString);
        assertTrue(result.log().contains("Series: 23.11, 24.11, 25.11"), result::toString);
        assertTrue(result.log().toLowerCase().contains("could not find artifact ai.vantage:slurm"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("26.05", "noble")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void slowDownloadPrintsProgressLinesUnlessQuietAndServesOfflineBuilds(MavenVersion maven) throws Exception {
        String key = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE_ARM64).orElseThrow();
        server.throttle(key, (int) Files.size(cache.root().resolve(key))); // a second for the body
        try {
            MavenRun run = resolving(maven, "progress", FixtureCache.NOBLE_ARM64)
                    .property("slurm.progressInterval", "300").args("dependency:copy-dependencies");
            MavenResult result = run.run();
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.log().lines().anyMatch(l -> l.startsWith("[INFO] Downloading " + FixtureCache.NOBLE_ARM64
                    + ": ") && l.contains(" of ") && l.contains("/s from " + server.uri() + key)), result::toString);

            SampleProject.delete(result.localRepository());
            MavenResult quiet = run.args("-q").log("quiet.log").run();
            assertEquals(0, quiet.exitCode(), quiet::toString);
            assertFalse(quiet.log().contains("Downloading " + FixtureCache.NOBLE_ARM64), quiet::toString);

            // What was downloaded serves an offline build without reaching the cache.
            server.clearRequests();
            MavenResult offline = run.args("-o").log("offline.log").run();
            assertEquals(0, offline.exitCode(), offline::toString);
            assertEquals(List.of(), server.requests(), "offline must not reach the cache");
            assertTrue(Files.exists(offline.slurmTarball("25.11", "noble-arm64")), offline::toString);
        } finally {
            server.throttle(key, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void metadataListsTheSeriesOfTheCache(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-from-cache", "metadata")
                .property("slurm.series", "RELEASE").property("slurm.classifier", "noble")
                .args("-C", "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.exists(result.slurmTarball("25.11", "noble")), result::toString);
        String metadata = Files.readString(result.localRepository().resolve(
                "ai/vantage/slurm/maven-metadata-it-fixture-cache.xml"));
        assertTrue(metadata.contains("<version>23.11</version>") && metadata.contains("<version>24.11</version>")
                && metadata.contains("<release>25.11</release>"), metadata);
    }
}
