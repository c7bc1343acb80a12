package ai.vantage.maven.slurm.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmCoordinateTest {

    @Test
    void classifierIsToolchainForAmd64AndToolchainArchOtherwise() {
        SlurmCoordinate amd = SlurmCoordinate.of("25.11", "rockylinux9");
        assertEquals(Toolchain.ROCKYLINUX9, amd.toolchain());
        assertEquals(Arch.AMD64, amd.arch());
        assertEquals("rockylinux9", amd.classifier());
        SlurmCoordinate arm = SlurmCoordinate.parse("26.05:rockylinux10-arm64");
        assertEquals(Toolchain.ROCKYLINUX10, arm.toolchain());
        assertEquals(Arch.ARM64, arm.arch());
        assertEquals("ai.vantage:slurm:26.05:tar.gz:rockylinux10-arm64", arm.toString());
        assertEquals("ai/vantage/slurm/26.05/slurm-26.05-rockylinux10-arm64.tar.gz", arm.mavenPath());
        assertEquals(arm, SlurmCoordinate.parse(arm.shortForm()));
    }

    @Test
    void unknownToolchainNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlurmCoordinate.of("25.11", "xenial"));
        assertTrue(e.getMessage().contains("'xenial'") && e.getMessage().contains(Toolchain.ids()), e.getMessage());
    }

    @Test
    void unknownArchNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlurmCoordinate.of("25.11", "noble-ppc64le"));
        assertTrue(e.getMessage().contains("valid toolchains") || e.getMessage().contains("valid architectures"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlurmCoordinate.of("25.11", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25.11.6", "25", "2511", "25.13", "25.00", "v25.11", "RELEASE"})
    void malformedSeriesIsRefused(String series) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlurmCoordinate.of(series, "noble"));
        assertTrue(e.getMessage().contains("YY.MM"), e.getMessage());
    }

    @Test
    void anyWellFormedSeriesIsAccepted() {
        assertEquals("27.05", SlurmCoordinate.of("27.05", "noble").series());
    }

    @Test
    void jvmArchitecturesMap() {
        assertEquals(Arch.AMD64, Arch.fromJvm("x86_64"));
        assertEquals(Arch.ARM64, Arch.fromJvm("aarch64"));
        assertThrows(IllegalArgumentException.class, () -> Arch.fromJvm("s390x"));
    }
}
