package ai.vantage.maven.slurm.layout;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The CPU architectures the cache publishes. {@link #AMD64} is the default and the only one older layouts have. */
public enum Arch {
    AMD64("amd64"),
    ARM64("arm64");

    private final String id;

    Arch(String id) {
        this.id = id;
    }

    /** The name used in cache keys and classifiers. */
    public String id() {
        return id;
    }

    /**
     * Looks an architecture up by its id.
     *
     * @throws IllegalArgumentException naming the valid architectures when {@code id} is none of them
     */
    public static Arch of(String id) {
        for (Arch arch : values()) {
            if (arch.id.equals(id)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("Unknown Slurm architecture '" + id + "'; valid architectures: " + ids());
    }

    /** Maps a JVM {@code os.arch} value ({@code amd64}, {@code x86_64}, {@code aarch64}, …) to an architecture. */
    public static Arch fromJvm(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return AMD64;
            case "aarch64":
            case "arm64":
                return ARM64;
            default:
                throw new IllegalArgumentException(
                        "The cache publishes no Slurm build for the CPU architecture '" + osArch
                                + "'; valid architectures: " + ids());
        }
    }

    /** The valid ids, comma-separated, for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Arch::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
