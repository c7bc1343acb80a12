package ai.vantage.maven.slurm.release;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.util.Objects;

/**
 * The rule behind exact versions such as {@code ai.vantage:slurm:25.11.6:tar.gz:noble}: the cache has one key per
 * series, so an exact version resolves to its series' key only while upstream holds that release there.
 */
public final class ReleasePin {

    private ReleasePin() {}

    /**
     * The series coordinate {@code requested} maps to, when {@code held} (what upstream's series key holds now, from
     * the signed Spack index or the unpacked tree's module file) is the same Slurm release.
     *
     * @param requested the exact release asked for
     * @param classifier the Maven classifier, e.g. {@code noble} or {@code noble-arm64}
     * @param held the release the series key holds now
     * @throws ReleaseMovedException when it holds another release: "25.11 for noble is now 25.11.7; pin 25.11.7 or use
     *     the series"
     * @throws IllegalArgumentException when {@code held} is of another series or the classifier is malformed
     */
    public static SlurmCoordinate resolve(ExactRelease requested, String classifier, ExactRelease held)
            throws ReleaseMovedException {
        Objects.requireNonNull(held, "held");
        SlurmCoordinate series = SlurmCoordinate.of(requested.series(), classifier);
        if (!held.series().equals(requested.series())) {
            throw new IllegalArgumentException("Release " + held + " is not of series " + requested.series());
        }
        if (!held.sameRelease(requested)) {
            throw new ReleaseMovedException(requested, held, series.classifier());
        }
        return series;
    }
}
