package ai.vantage.maven.slurm.release;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import java.util.Optional;

/**
 * A Maven version of {@code ai.vantage:slurm}: a series ({@code 25.11}, whatever upstream holds for it) or an exact
 * release ({@code 25.11.6}, which maps to its series' key only while upstream holds that release, see
 * {@link ReleasePin}). Everything keyed by build (signature times, the lock, the install receipt) uses the series
 * {@link #coordinate coordinate}.
 *
 * @param series the series, {@code YY.MM}
 * @param exact the exact release asked for; empty for a series version
 */
public record SlurmVersion(String series, Optional<ExactRelease> exact) {

    public SlurmVersion {
        SlurmSeries.require(series);
        exact.filter(release -> !release.series().equals(series)).ifPresent(release -> {
            throw new IllegalArgumentException("Release " + release + " is not of series " + series);
        });
    }

    /**
     * Parses a series {@code YY.MM} or an exact release {@code YY.MM.P}.
     *
     * @throws IllegalArgumentException naming both valid forms
     */
    public static SlurmVersion parse(String version) {
        if (SlurmSeries.isValid(version)) {
            return new SlurmVersion(version, Optional.empty());
        }
        if (ExactRelease.isExact(version)) {
            ExactRelease release = ExactRelease.ofMaven(version);
            return new SlurmVersion(release.series(), Optional.of(release));
        }
        throw new IllegalArgumentException("Malformed version '" + version + "' of ai.vantage:slurm: expected a "
                + "Slurm series YY.MM (e.g. " + String.join(", ", SlurmSeries.KNOWN) + ") or an exact release YY.MM.P "
                + "(e.g. 25.11.6)");
    }

    /** The series coordinate of the build of {@code classifier}: where its bytes are, whatever the release. */
    public SlurmCoordinate coordinate(String classifier) {
        return SlurmCoordinate.of(series, classifier);
    }

    /** The Maven version, e.g. {@code 25.11} or {@code 25.11.6}. */
    public String mavenVersion() {
        return exact.map(ExactRelease::mavenVersion).orElse(series);
    }

    @Override
    public String toString() {
        return mavenVersion();
    }
}
