package ai.vantage.maven.slurm.available;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One row of {@code slurm:available}: a build of a series for a toolchain and architecture, with what is known of it.
 *
 * @param coordinate series, toolchain and architecture
 * @param source how it is known
 * @param generation the layout generation it was found in, or null when not probed
 * @param size the tarball's size in bytes, or {@code -1} when unknown
 * @param lastModified the tarball's {@code Last-Modified} time, or null
 * @param signatureTime the creation time its {@code .asc} claims (not verified: the tarball was not read), or null
 * @param release the exact Slurm release the toolchain's signed Spack mirror holds for the series, or null
 */
public record AvailableBuild(SlurmCoordinate coordinate, Source source, String generation, long size,
        Instant lastModified, Instant signatureTime, ExactRelease release) {

    /** Rows in table order: series, then toolchain, then architecture. */
    public static final Comparator<AvailableBuild> ORDER = Comparator
            .comparing((AvailableBuild b) -> b.coordinate().series())
            .thenComparing(b -> b.coordinate().toolchain())
            .thenComparing(b -> b.coordinate().arch());

    /** How a row is known, best first. */
    public enum Source {
        /** The cache's S3 listing named the series, and a HEAD probe found the tarball. */
        LISTING,
        /** A HEAD probe of a series from the built-in table found the tarball (the listing did not answer). */
        PROBE,
        /** Only the built-in table says so: the cache could not be reached. */
        BUILT_IN
    }

    public AvailableBuild {
        Objects.requireNonNull(coordinate, "coordinate");
        Objects.requireNonNull(source, "source");
    }

    /** A row the built-in table alone gives: nothing probed. */
    public static AvailableBuild builtIn(SlurmCoordinate coordinate) {
        return new AvailableBuild(coordinate, Source.BUILT_IN, null, -1, null, null, null);
    }

    /** This row with the exact release {@code release}. */
    public AvailableBuild withRelease(ExactRelease release) {
        return new AvailableBuild(coordinate, source, generation, size, lastModified, signatureTime, release);
    }
}
