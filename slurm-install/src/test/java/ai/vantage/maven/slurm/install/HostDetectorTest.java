package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDetectorTest {

    @TempDir
    Path dir;

    private HostDetector host(String osRelease, String arch) throws IOException {
        return host(osRelease, arch, Optional.empty());
    }

    private HostDetector host(String osRelease, String arch, Optional<String> glibc) throws IOException {
        return new HostDetector(Files.writeString(dir.resolve("os-release"), osRelease), arch, () -> glibc);
    }

    private static final String DEBIAN_12 = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";

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
                () -> host(DEBIAN_12, "amd64").toolchain());
        assertTrue(e.getMessage().contains("Debian GNU/Linux 12") && e.getMessage().contains(Toolchain.ids())
                && e.getMessage().contains("-Dslurm.toolchain="), e.getMessage());
    }

    @Test
    void unsupportedHostNamesTheNewestToolchainWhoseGlibcIsNotNewerAsAGuess() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> host(DEBIAN_12, "amd64", Optional.of("2.36")).toolchain());
        assertTrue(e.getMessage().contains("Closest guess: jammy (Ubuntu 22.04, glibc 2.35)")
                && e.getMessage().contains("not newer than this host's glibc 2.36") && e.getMessage().contains("a guess")
                && e.getMessage().contains("-Dslurm.toolchain="), e.getMessage());
    }

    @Test
    void guessTakesTheNewestNotNewerGlibcAndTheHostsFamilyOnATie() {
        List<Toolchain> ubuntu = List.of(Toolchain.NOBLE, Toolchain.JAMMY, Toolchain.RESOLUTE);
        List<Toolchain> el = List.of(Toolchain.ROCKYLINUX8, Toolchain.ROCKYLINUX9, Toolchain.ROCKYLINUX10);
        assertTrue(HostDetector.guess(Optional.of("2.39"), ubuntu).startsWith("Closest guess: noble "));
        assertTrue(HostDetector.guess(Optional.of("2.41"), el).startsWith("Closest guess: rockylinux10 "));
        assertTrue(HostDetector.guess(Optional.of("2.34"), List.of()).startsWith("Closest guess: rockylinux9 "));
        assertTrue(HostDetector.guess(Optional.of("2.31"), ubuntu).startsWith("Closest guess: rockylinux8 "),
                "Ubuntu 20.04's glibc 2.31 is older than every Ubuntu toolchain's");
        assertTrue(HostDetector.guess(Optional.of("2.100"), List.of()).startsWith("Closest guess: resolute "),
                "versions compare by number, not as text");
        String tooOld = HostDetector.guess(Optional.of("2.17"), el);
        assertTrue(tooOld.contains("No toolchain's glibc is as old as this host's glibc 2.17 (the oldest is rockylinux8 "
                + "with 2.28)"), tooOld);
        String unknown = HostDetector.guess(Optional.empty(), List.of());
        assertTrue(unknown.contains("could not be told") && unknown.contains("jammy 2.35"), unknown);
    }

    @Test
    void glibcVersionFromLdd() {
        assertEquals(Optional.of("2.36"), HostDetector.glibcFromLdd(
                "ldd (Debian GLIBC 2.36-9+deb12u14) 2.36\nCopyright (C) 2022 Free Software Foundation, Inc.\n"));
        assertEquals(Optional.of("2.39"), HostDetector.glibcFromLdd("ldd (Ubuntu GLIBC 2.39-0ubuntu8.4) 2.39\n"));
        assertEquals(Optional.of("2.34"), HostDetector.glibcFromLdd("ldd (GNU libc) 2.34\nCopyright\n"));
        assertEquals(Optional.empty(), HostDetector.glibcFromLdd("musl libc (x86_64)\nVersion 1.2.4\n"));
        assertEquals(Optional.empty(), HostDetector.glibcFromLdd(""));
    }
}
