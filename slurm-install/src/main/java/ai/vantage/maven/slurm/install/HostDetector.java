package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tells which toolchain and architecture fit this host, from {@code /etc/os-release} and the JVM's {@code os.arch}:
 * Ubuntu by {@code VERSION_CODENAME}, Rocky Linux, RHEL, AlmaLinux and CentOS by the major {@code VERSION_ID}. On
 * any other host it names the closest toolchain as a guess: the newest whose glibc is not newer than the host's.
 */
public final class HostDetector {

    /** The standard place of the OS release file. */
    public static final Path OS_RELEASE = Path.of("/etc/os-release");

    private static final List<String> EL = List.of("rocky", "rhel", "almalinux", "centos", "fedora");
    private static final List<Toolchain> UBUNTU_TOOLCHAINS = List.of(Toolchain.NOBLE, Toolchain.JAMMY, Toolchain.RESOLUTE);
    private static final List<Toolchain> EL_TOOLCHAINS =
            List.of(Toolchain.ROCKYLINUX8, Toolchain.ROCKYLINUX9, Toolchain.ROCKYLINUX10);
    /** The first line of {@code ldd --version} on glibc, e.g. {@code ldd (Debian GLIBC 2.36-9+deb12u4) 2.36}. */
    private static final Pattern LDD_GLIBC = Pattern.compile("(?i)^ldd \\(.*(?:GLIBC|GNU libc).*\\)\\s+(\\d+\\.\\d+)\\b.*");

    private final Path osRelease;
    private final String osArch;
    private final Supplier<Optional<String>> glibc;

    /**
     * @param osRelease the OS release file
     * @param osArch the JVM's {@code os.arch}
     * @param glibc the host's glibc version ({@code 2.36}), empty when the host has no glibc or it cannot be told
     */
    public HostDetector(Path osRelease, String osArch, Supplier<Optional<String>> glibc) {
        this.osRelease = osRelease;
        this.osArch = osArch;
        this.glibc = glibc;
    }

    /** This host: {@link #OS_RELEASE}, {@code System.getProperty("os.arch")} and {@code ldd --version}. */
    public static HostDetector ofThisHost() {
        return new HostDetector(OS_RELEASE, System.getProperty("os.arch"), HostDetector::glibcOfThisHost);
    }

    /**
     * The toolchain built for this host's OS.
     *
     * @throws IllegalStateException for an OS the cache has no build for, naming the toolchains, the closest one as a
     *     guess, and how to choose one
     */
    public Toolchain toolchain() {
        Map<String, String> release = read();
        String id = release.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        String like = release.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT);
        String described = release.getOrDefault("PRETTY_NAME", id + " " + release.getOrDefault("VERSION_ID", ""));
        boolean ubuntu = id.equals("ubuntu") || like.contains("ubuntu");
        boolean el = EL.stream().anyMatch(e -> id.equals(e) || like.contains(e));
        if (ubuntu) {
            String codename = release.getOrDefault("VERSION_CODENAME", release.getOrDefault("UBUNTU_CODENAME", ""));
            for (Toolchain toolchain : UBUNTU_TOOLCHAINS) {
                if (toolchain.id().equals(codename)) {
                    return toolchain;
                }
            }
        }
        if (el) {
            String major = release.getOrDefault("VERSION_ID", "").split("\\.")[0];
            for (Toolchain toolchain : EL_TOOLCHAINS) {
                if (toolchain.id().equals("rockylinux" + major)) {
                    return toolchain;
                }
            }
        }
        boolean debianLike = ubuntu || id.equals("debian") || like.contains("debian");
        List<Toolchain> family = debianLike ? UBUNTU_TOOLCHAINS : el ? EL_TOOLCHAINS : List.of();
        throw new IllegalStateException("The Slurm cache has no build for this host (" + described.trim() + ", from "
                + osRelease + "). Toolchains: " + Toolchain.ids() + ". " + guess(glibc.get(), family)
                + " Choose one that runs here with -Dslurm.toolchain=<toolchain> (and -Dslurm.arch=amd64|arm64)");
    }

    /** This host's CPU architecture. */
    public Arch arch() {
        return Arch.fromJvm(osArch);
    }

    /**
     * The sentence naming the closest toolchain for a host with glibc {@code hostGlibc}: the newest toolchain whose
     * glibc is not newer (a program built against an older glibc runs on a newer one, not the other way round), of
     * the host's OS family ({@code family}) when two have the same glibc.
     */
    static String guess(Optional<String> hostGlibc, List<Toolchain> family) {
        if (hostGlibc.isEmpty()) {
            return "This host's glibc version could not be told (ldd --version), and every build needs glibc; the "
                    + "toolchains' glibc versions: " + Arrays.stream(Toolchain.values())
                            .map(t -> t.id() + " " + t.glibc()).collect(Collectors.joining(", ")) + ".";
        }
        String host = hostGlibc.get();
        Optional<Toolchain> closest = Arrays.stream(Toolchain.values())
                .filter(t -> compareVersions(t.glibc(), host) <= 0)
                .max(Comparator.<Toolchain, String>comparing(Toolchain::glibc, HostDetector::compareVersions)
                        .thenComparing(family::contains));
        if (closest.isEmpty()) {
            Toolchain oldest = Arrays.stream(Toolchain.values())
                    .min(Comparator.comparing(Toolchain::glibc, HostDetector::compareVersions)).orElseThrow();
            return "No toolchain's glibc is as old as this host's glibc " + host + " (the oldest is " + oldest.id()
                    + " with " + oldest.glibc() + "): no build is expected to run here.";
        }
        Toolchain toolchain = closest.get();
        return "Closest guess: " + toolchain.id() + " (" + toolchain.os() + ", glibc " + toolchain.glibc()
                + "), the newest toolchain whose glibc is not newer than this host's glibc " + host
                + " - a guess from the glibc version only, not a tested combination.";
    }

    /** The glibc version in the output of {@code ldd --version}; empty for another C library (musl says so). */
    static Optional<String> glibcFromLdd(String output) {
        Matcher matcher = LDD_GLIBC.matcher(output.lines().findFirst().orElse("").trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> glibcOfThisHost() {
        try {
            Process ldd = new ProcessBuilder("ldd", "--version").redirectErrorStream(true).start();
            ldd.getOutputStream().close();
            String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return ldd.waitFor(10, TimeUnit.SECONDS) ? glibcFromLdd(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
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
