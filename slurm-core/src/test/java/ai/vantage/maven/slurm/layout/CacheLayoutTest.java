package ai.vantage.maven.slurm.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheLayoutTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");
    private static final SlurmCoordinate NOBLE_ARM = SlurmCoordinate.of("25.11", "noble-arm64");

    @Test
    void mapsEveryGenerationToItsKey() {
        assertEquals("noble/25.11/amd64/slurm-25.11-noble-amd64-software.tar.gz",
                CacheLayout.CURRENT.tarballKey(NOBLE).orElseThrow());
        assertEquals("noble/25.11/arm64/slurm-25.11-noble-arm64-software.tar.gz",
                CacheLayout.CURRENT.tarballKey(NOBLE_ARM).orElseThrow());
        assertEquals("noble/25.11/slurm-25.11-noble-software.tar.gz",
                CacheLayout.PREVIOUS.tarballKey(NOBLE).orElseThrow());
        assertEquals("builds/25.11/noble/slurm-25.11-noble-software.tar.gz",
                CacheLayout.DOCUMENTED.tarballKey(NOBLE).orElseThrow());
    }

    @Test
    void olderGenerationsHoldOnlyAmd64() {
        assertTrue(CacheLayout.PREVIOUS.tarballKey(NOBLE_ARM).isEmpty());
        assertTrue(CacheLayout.DOCUMENTED.tarballKey(NOBLE_ARM).isEmpty());
        assertEquals(List.of(CacheLayout.CURRENT), CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS).candidates(NOBLE_ARM));
        assertEquals(List.of(CacheLayout.CURRENT, CacheLayout.PREVIOUS, CacheLayout.DOCUMENTED),
                CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS).candidates(NOBLE));
    }

    @Test
    void probingOrderAndCustomTemplatesAreConfiguration() {
        CacheLayout layout = CacheLayout.parse("documented, previous, mirror/{toolchain}/{series}/{arch}/slurm.tar.gz");
        assertEquals(List.of("documented", "previous", "custom-1"),
                layout.generations().stream().map(LayoutGeneration::name).toList());
        assertEquals("mirror/noble/25.11/arm64/slurm.tar.gz",
                layout.generations().get(2).tarballKey(NOBLE_ARM).orElseThrow());
    }

    @Test
    void badLayoutsSayWhatIsValid() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CacheLayout.parse("newest"));
        assertTrue(unknown.getMessage().contains("current, previous, documented"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CacheLayout.parse("{toolchain}/slurm.tar.gz"));
        assertThrows(IllegalArgumentException.class, () -> CacheLayout.parse(" , "));
    }

    @Test
    void spackMirrorKeys() {
        String fpr = "FDEA90667641505264EFD114DFB92630BCA5AB71";
        assertEquals("jammy/spack/v3/manifests/key/" + fpr + ".key.manifest.json",
                CacheLayout.keyManifestKey(Toolchain.JAMMY, fpr));
        assertEquals("jammy/spack/blobs/sha256/ab/abcdef", CacheLayout.blobKey(Toolchain.JAMMY, "sha256", "abcdef"));
        assertEquals("jammy/spack/build_cache/_pgp/" + fpr + ".pub", CacheLayout.legacyKeyKey(Toolchain.JAMMY, fpr));
    }
}
