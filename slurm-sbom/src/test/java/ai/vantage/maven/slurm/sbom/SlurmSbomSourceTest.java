package ai.vantage.maven.slurm.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the signed spec of a build on the cache, and saying why there is none. */
class SlurmSbomSourceTest {

    private static FixtureKey key;

    @TempDir
    Path root;

    private FixtureCache fixture;

    @BeforeAll
    static void generate() {
        key = FixtureKey.generate("Fixture Signer <fixture@example.invalid>");
    }

    @BeforeEach
    void populate() throws Exception {
        fixture = FixtureCache.create(root.resolve("cache"), key).populateDefault();
        key.writePublicKey(root.resolve("fixture.asc"));
    }

    private SlurmSbomSource source(String fingerprint) {
        SlurmSettings settings = SlurmSettings.of(Map.of("slurm.pgp.fingerprints", fingerprint,
                "slurm.pgp.keys", root.resolve("fixture.asc").toString(),
                SlurmSettings.PROJECT_DIRECTORY, root.toString()), root.resolve("repository"));
        return new SlurmSbomSource(SlurmCache.at(fixture.root().toUri().toString(), settings, UpstreamListener.NONE,
                new ArrayList<String>()::add));
    }

    @Test
    void sbomOfTheSeriesIsTheNewestSignedSpecsWithTheTarballsKey() throws Exception {
        FixtureSpackMirror.of(fixture, Toolchain.NOBLE).slurm(FixtureTarball.of(FixtureCache.NOBLE).spackVersion(),
                Arch.AMD64).write();

        SlurmSbom sbom = source(key.fingerprint()).sbom(FixtureCache.NOBLE, Optional.empty(), Map.of());

        assertEquals(14, sbom.components());
        String json = new String(sbom.json(), StandardCharsets.UTF_8);
        String url = fixture.root().toUri() + CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE).orElseThrow();
        assertTrue(json.contains("\"value\" : \"" + url + "\""), json);
    }

    @Test
    void releaseAskedForMustBeTheSignedSpecs() throws Exception {
        FixtureSpackMirror.of(fixture, Toolchain.NOBLE).slurm("25-11-7-1", Arch.AMD64).write();
        SlurmSbomSource source = source(key.fingerprint());

        assertEquals("25.11.7", source.signedSpec(FixtureCache.NOBLE, Optional.of(ExactRelease.ofMaven("25.11.7")))
                .release().mavenVersion());
        NoSignedSpecException e = assertThrows(NoSignedSpecException.class,
                () -> source.sbom(FixtureCache.NOBLE, Optional.of(ExactRelease.ofMaven("25.11.6")), Map.of()));
        assertTrue(e.getMessage().contains("holds [Slurm 25.11.7]") && e.getMessage().contains("upstream moved on"),
                e.getMessage());
    }

    @Test
    void toolchainWithoutSpackMirrorHasNoSbom() {
        NoSignedSpecException e = assertThrows(NoSignedSpecException.class,
                () -> source(key.fingerprint()).sbom(FixtureCache.JAMMY_PREVIOUS, Optional.empty(), Map.of()));
        assertTrue(e.getMessage().startsWith("No signed Spack spec of " + FixtureCache.JAMMY_PREVIOUS + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains("jammy/spack/"), e.getMessage());
    }

    @Test
    void specSignedByAKeyNotPinnedGivesNoSbom() throws Exception {
        FixtureSpackMirror.of(fixture, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).write();
        String other = FixtureKey.generate("Other <other@example.invalid>").fingerprint();

        NoSignedSpecException e = assertThrows(NoSignedSpecException.class,
                () -> source(other).sbom(FixtureCache.NOBLE, Optional.empty(), Map.of()));
        assertTrue(e.getMessage().contains("is refused"), e.getMessage());
    }

    @Test
    void seriesTheMirrorDoesNotHoldGivesNoSbom() throws Exception {
        FixtureSpackMirror.of(fixture, Toolchain.NOBLE).slurm("25-11-6-1", Arch.ARM64).write();

        NoSignedSpecException e = assertThrows(NoSignedSpecException.class,
                () -> source(key.fingerprint()).sbom(FixtureCache.NOBLE, Optional.empty(), Map.of()));
        assertTrue(e.getMessage().contains("holds no Slurm 25.11 for amd64"), e.getMessage());
    }
}
