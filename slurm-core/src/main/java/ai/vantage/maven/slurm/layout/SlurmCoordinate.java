package ai.vantage.maven.slurm.layout;

import java.util.Objects;

/**
 * One published Slurm build: a series, a toolchain and an architecture. As a Maven artifact it is
 * {@code ai.vantage:slurm:<series>:tar.gz:<classifier>} with classifier {@code <toolchain>} for amd64 and
 * {@code <toolchain>-<arch>} otherwise.
 */
public final class SlurmCoordinate {

    public static final String GROUP_ID = "ai.vantage";
    public static final String ARTIFACT_ID = "slurm";
    public static final String EXTENSION = "tar.gz";

    /** The folder of {@code ai.vantage:slurm} in a Maven 2 repository. */
    public static final String REPOSITORY_FOLDER = "ai/vantage/slurm/";

    private final String series;
    private final Toolchain toolchain;
    private final Arch arch;

    public SlurmCoordinate(String series, Toolchain toolchain, Arch arch) {
        this.series = SlurmSeries.require(series);
        this.toolchain = Objects.requireNonNull(toolchain, "toolchain");
        this.arch = Objects.requireNonNull(arch, "arch");
    }

    /**
     * Parses a Maven version and classifier.
     *
     * @throws IllegalArgumentException for a malformed series, an unknown toolchain or architecture, each message
     *     naming what is valid
     */
    public static SlurmCoordinate of(String series, String classifier) {
        SlurmSeries.require(series);
        if (classifier == null || classifier.isEmpty()) {
            throw new IllegalArgumentException("ai.vantage:slurm:" + series
                    + " needs a classifier: <toolchain> or <toolchain>-<arch>, toolchains: " + Toolchain.ids()
                    + "; architectures: " + Arch.ids());
        }
        int dash = classifier.lastIndexOf('-');
        if (dash > 0) {
            Arch arch;
            try {
                arch = Arch.of(classifier.substring(dash + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (in classifier '" + classifier
                        + "'; amd64 is the default: classifier <toolchain> alone)", e);
            }
            return new SlurmCoordinate(series, toolchainOf(classifier.substring(0, dash), classifier), arch);
        }
        return new SlurmCoordinate(series, toolchainOf(classifier, classifier), Arch.AMD64);
    }

    /** Parses {@code <series>:<classifier>}, the short form used in configuration, e.g. {@code 25.11:noble-arm64}. */
    public static SlurmCoordinate parse(String seriesAndClassifier) {
        int colon = seriesAndClassifier.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Expected <series>:<classifier>, e.g. 25.11:noble or 25.11:noble-arm64, got '"
                    + seriesAndClassifier + "'");
        }
        return of(seriesAndClassifier.substring(0, colon).trim(), seriesAndClassifier.substring(colon + 1).trim());
    }

    /** Whether {@code groupId:artifactId} is {@code ai.vantage:slurm}. */
    public static boolean isSlurm(String groupId, String artifactId) {
        return GROUP_ID.equals(groupId) && ARTIFACT_ID.equals(artifactId);
    }

    private static Toolchain toolchainOf(String id, String classifier) {
        try {
            return Toolchain.of(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown Slurm toolchain '" + id + "' in classifier '" + classifier
                    + "'; valid toolchains: " + Toolchain.ids() + " (append -arm64 for arm64 builds)", e);
        }
    }

    public String series() {
        return series;
    }

    public Toolchain toolchain() {
        return toolchain;
    }

    public Arch arch() {
        return arch;
    }

    /** The Maven classifier: {@code noble} for amd64, {@code noble-arm64} for arm64. */
    public String classifier() {
        return classifier(toolchain, arch);
    }

    /** The Maven classifier of builds for {@code toolchain} and {@code arch}. */
    public static String classifier(Toolchain toolchain, Arch arch) {
        return arch == Arch.AMD64 ? toolchain.id() : toolchain.id() + "-" + arch.id();
    }

    /** The file name in a Maven repository, e.g. {@code slurm-25.11-noble.tar.gz}. */
    public String mavenFileName() {
        return ARTIFACT_ID + "-" + series + "-" + classifier() + "." + EXTENSION;
    }

    /** The repository-relative Maven path, e.g. {@code ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz}. */
    public String mavenPath() {
        return SlurmCoordinate.REPOSITORY_FOLDER + series + "/" + mavenFileName();
    }

    /** The short form {@code <series>:<classifier>}, as {@link #parse} reads it. */
    public String shortForm() {
        return series + ":" + classifier();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlurmCoordinate other
                && series.equals(other.series)
                && toolchain == other.toolchain
                && arch == other.arch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(series, toolchain, arch);
    }

    /** The full Maven coordinate, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble}. */
    @Override
    public String toString() {
        return GROUP_ID + ":" + ARTIFACT_ID + ":" + series + ":" + EXTENSION + ":" + classifier();
    }
}
