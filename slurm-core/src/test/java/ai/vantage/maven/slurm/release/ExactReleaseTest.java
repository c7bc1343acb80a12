package ai.vantage.maven.slurm.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import org.junit.jupiter.api.Test;

/** Exact releases: Maven and Spack forms, the series they map to, and the rule that pins hold only while upstream does. */
class ExactReleaseTest {

    @Test
    void spackVersionIsReleaseAndPackagingRevision() {
        ExactRelease release = ExactRelease.ofSpack("25-11-6-1");

        assertEquals("25.11", release.series());
        assertEquals(6, release.patch());
        assertEquals(1, release.revision());
        assertEquals("25.11.6", release.mavenVersion());
        assertEquals(new ExactRelease("23.11", 11, 1), ExactRelease.ofSpack("23-11-11-1"));
    }

    @Test
    void mavenVersionMapsToItsSeries() {
        assertEquals("25.11", ExactRelease.ofMaven("25.11.6").series());
        assertTrue(ExactRelease.isExact("25.11.6"));
        assertFalse(ExactRelease.isExact("25.11"));
        assertFalse(ExactRelease.isExact("25.13.1"));
        assertTrue(ExactRelease.ofMaven("25.11.6").sameRelease(ExactRelease.ofSpack("25-11-6-2")));
    }

    @Test
    void malformedVersionsNameTheForm() {
        IllegalArgumentException maven =
                assertThrows(IllegalArgumentException.class, () -> ExactRelease.ofMaven("25.11"));
        assertTrue(maven.getMessage().contains("expected YY.MM.P, e.g. 25.11.6"), maven.getMessage());
        IllegalArgumentException spack =
                assertThrows(IllegalArgumentException.class, () -> ExactRelease.ofSpack("25.11.6"));
        assertTrue(spack.getMessage().contains("expected YY-MM-P-R, e.g. 25-11-6-1"), spack.getMessage());
    }

    @Test
    void ordersByReleaseThenRevision() {
        assertTrue(ExactRelease.ofSpack("25-11-10-1").compareTo(ExactRelease.ofSpack("25-11-6-2")) > 0);
        assertTrue(ExactRelease.ofSpack("25-11-6-2").compareTo(ExactRelease.ofSpack("25-11-6-1")) > 0);
        assertTrue(ExactRelease.ofSpack("26-05-0-1").compareTo(ExactRelease.ofSpack("25-11-6-1")) > 0);
    }

    @Test
    void exactVersionResolvesToTheSeriesWhileUpstreamHoldsIt() throws Exception {
        SlurmCoordinate coordinate =
                ReleasePin.resolve(ExactRelease.ofMaven("25.11.6"), "noble-arm64", ExactRelease.ofSpack("25-11-6-1"));

        assertEquals(new SlurmCoordinate("25.11", Toolchain.NOBLE, Arch.ARM64), coordinate);
    }

    @Test
    void exactVersionFailsOnceUpstreamMovesOn() {
        ReleaseMovedException e = assertThrows(ReleaseMovedException.class,
                () -> ReleasePin.resolve(ExactRelease.ofMaven("25.11.6"), "noble", ExactRelease.ofSpack("25-11-7-1")));

        assertTrue(e.getMessage().startsWith("25.11 for noble is now 25.11.7; pin 25.11.7 or use the series"),
                e.getMessage());
        assertEquals("25.11.7", e.upstream().mavenVersion());
    }

    @Test
    void moduleFileNamesTheRelease() {
        String module = "-- slurm@25-11-6-1 %gcc@=13.3.0 arch=linux-ubuntu24.04-x86_64_v3\n"
                + "whatis([[Name : slurm]])\nwhatis([[Version : 25-11-6-1]])\n"
                + "local version = \"25-11-6-1\"\nsetenv(\"SLURM_BUILD_COMPILER\", \"gcc@=13.3.0\")\n";

        assertEquals(ExactRelease.ofSpack("25-11-6-1"), ModuleFileRelease.parse("25-11-6-1.lua", module));
        assertEquals("25.11.6", ModuleFileRelease.parse("default.lua", module).mavenVersion());
    }

    @Test
    void moduleFileThatContradictsItselfOrNamesNothingIsRefused() {
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> ModuleFileRelease.parse("25-11-7-1.lua", "local version = \"25-11-6-1\"\n"));
        assertTrue(mixed.getMessage().contains("names different Slurm releases"), mixed.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ModuleFileRelease.parse("slurm.lua", "prepend_path(\"PATH\", \"bin\")\n"));
        assertTrue(none.getMessage().contains("names no Slurm release"), none.getMessage());
    }
}
