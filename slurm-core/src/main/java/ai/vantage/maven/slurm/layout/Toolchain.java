package ai.vantage.maven.slurm.layout;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The build toolchains the Slurm Factory cache publishes: an OS release with its system GCC and glibc. */
public enum Toolchain {
    NOBLE("noble", "Ubuntu 24.04", "13.3.0", "2.39"),
    JAMMY("jammy", "Ubuntu 22.04", "11.4.0", "2.35"),
    RESOLUTE("resolute", "Ubuntu 26.04", "15.2.0", "2.42"),
    ROCKYLINUX10("rockylinux10", "Rocky Linux 10 / RHEL 10", "14.3.1", "2.39"),
    ROCKYLINUX9("rockylinux9", "Rocky Linux 9 / RHEL 9", "11.5.0", "2.34"),
    ROCKYLINUX8("rockylinux8", "Rocky Linux 8 / RHEL 8", "8.5.0", "2.28");

    private final String id;
    private final String os;
    private final String gcc;
    private final String glibc;

    Toolchain(String id, String os, String gcc, String glibc) {
        this.id = id;
        this.os = os;
        this.gcc = gcc;
        this.glibc = glibc;
    }

    /** The name used in cache keys and Maven classifiers, e.g. {@code noble}. */
    public String id() {
        return id;
    }

    public String os() {
        return os;
    }

    /** The system GCC the toolchain builds with; a tarball's module file names it ({@code SLURM_BUILD_COMPILER}). */
    public String gcc() {
        return gcc;
    }

    /** The glibc version the toolchain builds against: a host needs this one or newer. */
    public String glibc() {
        return glibc;
    }

    /**
     * Looks a toolchain up by its id.
     *
     * @throws IllegalArgumentException naming the valid toolchains when {@code id} is none of them
     */
    public static Toolchain of(String id) {
        for (Toolchain toolchain : values()) {
            if (toolchain.id.equals(id)) {
                return toolchain;
            }
        }
        throw new IllegalArgumentException("Unknown Slurm toolchain '" + id + "'; valid toolchains: " + ids());
    }

    /** The valid ids, comma-separated, for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Toolchain::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
