package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDetectorTest {

    @TempDir
    Path dir;

    private HostDetector host(String osRelease, String arch) throws IOException {
        return new HostDetector(Files.writeString(dir.resolve("os-release"), osRelease), arch);
    }

    @Test
    void ubuntuByCodename() throws IOException {
        assertEquals(Toolchain.NOBLE, host("NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"24.04\"\nVERSION_CODENAME=noble\n", "amd64").toolchain());
        assertEquals(Toolchain.JAMMY, host("ID=ubuntu\nVERSION_CODENAME=jammy\n", "amd64").toolchain());
        assertEquals(Toolchain.RESOLUTE, host("ID=ubuntu\nVERSION_CODENAME=resolute\n", "amd64").toolchain());
    }

    @Test
    void enterpriseLinuxByMajorVersion() throws IOException {
        assertEquals(Toolchain.ROCKYLINUX9, host("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n", "x86_64").toolchain());
        assertEquals(Toolchain.ROCKYLINUX8, host("ID=\"rhel\"\nVERSION_ID=\"8.10\"\n", "amd64").toolchain());
        assertEquals(Toolchain.ROCKYLINUX10, host("ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"10.0\"\n", "amd64").toolchain());
        assertEquals(Arch.ARM64, host("ID=rocky\nVERSION_ID=9\n", "aarch64").arch());
    }

    @Test
    void unsupportedHostSaysHowToChoose() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> host("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n", "amd64").toolchain());
        assertTrue(e.getMessage().contains("Debian GNU/Linux 12") && e.getMessage().contains(Toolchain.ids())
                && e.getMessage().contains("-Dslurm.toolchain="), e.getMessage());
    }
}
