package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells which toolchain and architecture fit this host, from {@code /etc/os-release} and the JVM's {@code os.arch}:
 * Ubuntu by {@code VERSION_CODENAME}, Rocky Linux, RHEL, AlmaLinux and CentOS by the major {@code VERSION_ID}.
 */
public final class HostDetector {

    /** The standard place of the OS release file. */
    public static final Path OS_RELEASE = Path.of("/etc/os-release");

    private static final List<String> EL = List.of("rocky", "rhel", "almalinux", "centos", "fedora");

    private final Path osRelease;
    private final String osArch;

    public HostDetector(Path osRelease, String osArch) {
        this.osRelease = osRelease;
        this.osArch = osArch;
    }

    /** This host: {@link #OS_RELEASE} and {@code System.getProperty("os.arch")}. */
    public static HostDetector ofThisHost() {
        return new HostDetector(OS_RELEASE, System.getProperty("os.arch"));
    }

    /**
     * The toolchain built for this host's OS.
     *
     * @throws IllegalStateException for an OS the cache has no build for, naming the toolchains and how to choose one
     */
    public Toolchain toolchain() {
        Map<String, String> release = read();
        String id = release.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        String like = release.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT);
        String described = release.getOrDefault("PRETTY_NAME", id + " " + release.getOrDefault("VERSION_ID", ""));
        if (id.equals("ubuntu") || like.contains("ubuntu")) {
            String codename = release.getOrDefault("VERSION_CODENAME", release.getOrDefault("UBUNTU_CODENAME", ""));
            for (Toolchain toolchain : List.of(Toolchain.NOBLE, Toolchain.JAMMY, Toolchain.RESOLUTE)) {
                if (toolchain.id().equals(codename)) {
                    return toolchain;
                }
            }
        }
        if (EL.stream().anyMatch(e -> id.equals(e) || like.contains(e))) {
            String major = release.getOrDefault("VERSION_ID", "").split("\\.")[0];
            for (Toolchain toolchain : List.of(Toolchain.ROCKYLINUX8, Toolchain.ROCKYLINUX9, Toolchain.ROCKYLINUX10)) {
                if (toolchain.id().equals("rockylinux" + major)) {
                    return toolchain;
                }
            }
        }
        throw new IllegalStateException("The Slurm cache has no build for this host (" + described.trim() + ", from "
                + osRelease + "). Toolchains: " + Toolchain.ids()
                + ". Choose one that runs here with -Dslurm.toolchain=<toolchain> (and -Dslurm.arch=amd64|arm64)");
    }

    /** This host's CPU architecture. */
    public Arch arch() {
        return Arch.fromJvm(osArch);
    }

    private Map<String, String> read() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(osRelease)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^[\"']|[\"']$", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + osRelease + " to detect the toolchain (" + e.getMessage()
                    + "). Set -Dslurm.toolchain=<toolchain>; toolchains: " + Toolchain.ids(), e);
        }
        return values;
    }
}
