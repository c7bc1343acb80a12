package ai.vantage.maven.slurm.layout;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A Slurm release series, the short {@code YY.MM} version (e.g. {@code 25.11}) that is the Maven version of
 * {@code ai.vantage:slurm}. Any well-formed series is accepted, so new series need no release of this project.
 */
public final class SlurmSeries {

    /** The series known to be published when this release was made, oldest first. */
    public static final List<String> KNOWN = List.of("23.11", "24.11", "25.11", "26.05");

    private static final Pattern SERIES = Pattern.compile("\\d{2}\\.(0[1-9]|1[0-2])");

    private SlurmSeries() {}

    /** Whether {@code version} has the form {@code YY.MM}. */
    public static boolean isValid(String version) {
        return version != null && SERIES.matcher(version).matches();
    }

    /**
     * Returns {@code version} when it is a well-formed series.
     *
     * @throws IllegalArgumentException saying what the form is and which series are known
     */
    public static String require(String version) {
        if (!isValid(version)) {
            throw new IllegalArgumentException("Malformed Slurm series '" + version
                    + "': the version of ai.vantage:slurm is the short Slurm version YY.MM, e.g. "
                    + String.join(", ", KNOWN));
        }
        return version;
    }

    /** Orders series chronologically ({@code 9.x} never occurs: both parts are two digits). */
    public static int compare(String a, String b) {
        return a.compareTo(b);
    }
}
