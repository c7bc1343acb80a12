package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.release.ModuleFileRelease;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildIdentityTest {

    private static final SlurmCoordinate NOBLE = new SlurmCoordinate("25.11", Toolchain.NOBLE, Arch.AMD64);

    private static void module(BuildIdentity identity, String name, String text) {
        String path = ModuleFileRelease.MODULE_FOLDER + name;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(identity.wants(path) >= bytes.length, path);
        identity.read(path, bytes);
    }

    private static byte[] elf(int machine, boolean bigEndian) {
        byte[] header = new byte[20];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[5] = (byte) (bigEndian ? 2 : 1);
        header[bigEndian ? 19 : 18] = (byte) machine;
        header[bigEndian ? 18 : 19] = (byte) (machine >> 8);
        return header;
    }

    @Test
    void spackCompilerFormsAndNonElfFilesAreUnderstood() {
        for (String compiler : new String[] {"gcc@13.3.0", "gcc@=13.3.0"}) {
            BuildIdentity identity = new BuildIdentity();
            module(identity, "25-11-6-1.lua", "local version = \"25-11-6-1\"\nsetenv(\"SLURM_BUILD_COMPILER\", \""
                    + compiler + "\")\n");
            identity.read("view/bin/sinfo", "#!/bin/sh\necho fixture\n".getBytes(StandardCharsets.UTF_8));
            identity.read("view/sbin/slurmctld", elf(62, false));
            assertDoesNotThrow(() -> identity.check(NOBLE, "the signed tarball"));
        }
    }

    @Test
    void theDefaultModuleDecidesAndItsReleaseMustBeOfTheSeries() {
        BuildIdentity identity = new BuildIdentity();
        module(identity, "25-11-6-1.lua", "whatis([[Version : 25-11-6-1]])\n");
        module(identity, "23-11-11-1.lua", "whatis([[Version : 23-11-11-1]])\n");
        module(identity, ".modulerc.lua", "module_version(\"23-11-11-1\",\"default\")\n");

        WrongBuildException e = assertThrows(WrongBuildException.class,
                () -> identity.check(NOBLE, "the tarball"));
        assertTrue(e.getMessage().contains("asked for 25.11 noble amd64, the tarball holds 23.11.11"), e.getMessage());
    }

    @Test
    void bigEndianElfOfAnotherMachineIsNamed() {
        BuildIdentity identity = new BuildIdentity();
        module(identity, "25.11.lua", "-- slurm@25-11-6-1 %gcc@=13.3.0\n");
        identity.read("view/sbin/slurmd", elf(183, true));

        WrongBuildException e = assertThrows(WrongBuildException.class,
                () -> identity.check(NOBLE, "the tarball"));
        assertTrue(e.getMessage().contains("holds 25.11.6 (aarch64 in view/sbin/slurmd)"), e.getMessage());
    }
}
