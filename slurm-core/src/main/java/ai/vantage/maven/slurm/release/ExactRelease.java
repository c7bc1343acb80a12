package ai.vantage.maven.slurm.release;

import ai.vantage.maven.slurm.layout.SlurmSeries;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One exact Slurm release, e.g. {@code 25.11.6}, as a Maven version ({@code 25.11.6}) and as Slurm Factory's Spack
 * package version ({@code 25-11-6-1}, whose last part is the packaging revision). Its {@link #series()} is the Maven
 * version of the cache key that holds it while upstream has not moved on.
 *
 * @param series the Slurm series, {@code YY.MM}
 * @param patch the patch release within the series
 * @param revision Slurm Factory's packaging revision, {@code 0} when unknown (a Maven version carries none)
 */
public record ExactRelease(String series, int patch, int revision) implements Comparable<ExactRelease> {

    private static final Pattern MAVEN = Pattern.compile("(\\d{2}\\.\\d{2})\\.(\\d{1,3})");
    private static final Pattern SPACK = Pattern.compile("(\\d{2})-(\\d{2})-(\\d{1,3})(?:-(\\d{1,3}))?");
    private static final Comparator<ExactRelease> ORDER = Comparator.comparing(ExactRelease::series)
            .thenComparingInt(ExactRelease::patch)
            .thenComparingInt(ExactRelease::revision);

    public ExactRelease {
        SlurmSeries.require(series);
        if (patch < 0 || revision < 0) {
            throw new IllegalArgumentException("Negative patch or revision in Slurm release " + series + "." + patch);
        }
    }

    /** Whether {@code version} is an exact Maven version {@code YY.MM.P} (as opposed to a series {@code YY.MM}). */
    public static boolean isExact(String version) {
        Matcher m = version == null ? null : MAVEN.matcher(version);
        return m != null && m.matches() && SlurmSeries.isValid(m.group(1));
    }

    /**
     * Parses an exact Maven version such as {@code 25.11.6}.
     *
     * @throws IllegalArgumentException naming the form when it is not one
     */
    public static ExactRelease ofMaven(String version) {
        Matcher m = version == null ? null : MAVEN.matcher(version);
        if (m == null || !m.matches() || !SlurmSeries.isValid(m.group(1))) {
            throw new IllegalArgumentException("Malformed exact Slurm release '" + version
                    + "': expected YY.MM.P, e.g. 25.11.6 (or the series YY.MM alone, e.g. 25.11)");
        }
        return new ExactRelease(m.group(1), Integer.parseInt(m.group(2)), 0);
    }

    /**
     * Parses Slurm Factory's Spack package version such as {@code 25-11-6-1} (Slurm 25.11.6, packaging revision 1).
     *
     * @throws IllegalArgumentException naming the form when it is not one
     */
    public static ExactRelease ofSpack(String version) {
        Matcher m = version == null ? null : SPACK.matcher(version);
        if (m == null || !m.matches() || !SlurmSeries.isValid(m.group(1) + "." + m.group(2))) {
            throw new IllegalArgumentException("Malformed Slurm Factory package version '" + version
                    + "': expected YY-MM-P-R, e.g. 25-11-6-1 for Slurm 25.11.6, packaging revision 1");
        }
        return new ExactRelease(m.group(1) + "." + m.group(2), Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
    }

    /** The Maven version, e.g. {@code 25.11.6}. */
    public String mavenVersion() {
        return series + "." + patch;
    }

    /** Whether both name the same Slurm release, whatever their packaging revisions. */
    public boolean sameRelease(ExactRelease other) {
        return series.equals(other.series) && patch == other.patch;
    }

    @Override
    public int compareTo(ExactRelease other) {
        return ORDER.compare(this, other);
    }

    /** The Maven version, e.g. {@code 25.11.6}. */
    @Override
    public String toString() {
        return mavenVersion();
    }
}
