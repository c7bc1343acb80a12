package ai.vantage.maven.slurm.release;

import java.util.Objects;
import java.util.Optional;

/**
 * The exact release a tarball's own bytes show (its module file, {@link ModuleFiles}), or why they show none: an
 * unknown release never proves a tarball to be one asked for.
 *
 * @param release the release, empty when unknown
 * @param evidence the module file that names it (e.g. {@code view/assets/modules/slurm/25-11-6-1.lua}), or why the
 *     release is unknown
 */
public record ReleaseShown(Optional<ExactRelease> release, String evidence) {

    private static final String UNKNOWN = "unknown ";

    public ReleaseShown {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** {@code release}, as the module file {@code file} names it. */
    public static ReleaseShown of(ExactRelease release, String file) {
        return new ReleaseShown(Optional.of(release), file);
    }

    /** No release shown, and why. */
    public static ReleaseShown unknown(String why) {
        return new ReleaseShown(Optional.empty(), why);
    }

    /** One line to keep beside a stored tarball: {@code 25.11.6-1 <file>} or {@code unknown <why>}. */
    public String record() {
        return release.map(r -> r.mavenVersion() + "-" + r.revision() + " " + evidence)
                .orElse(UNKNOWN + evidence).replace('\n', ' ');
    }

    /**
     * Reads a {@link #record()}.
     *
     * @throws IllegalArgumentException when it is none, quoting it
     */
    public static ReleaseShown parseRecord(String line) {
        String text = line.strip();
        if (text.startsWith(UNKNOWN)) {
            return unknown(text.substring(UNKNOWN.length()));
        }
        int space = text.indexOf(' ');
        int dash = space < 0 ? -1 : text.lastIndexOf('-', space);
        if (dash < 0) {
            throw new IllegalArgumentException("Malformed release record '" + line
                    + "': expected 'YY.MM.P-R <module file>' or 'unknown <why>'");
        }
        ExactRelease maven = ExactRelease.ofMaven(text.substring(0, dash));
        int revision = Integer.parseInt(text.substring(dash + 1, space));
        return of(new ExactRelease(maven.series(), maven.patch(), revision), text.substring(space + 1));
    }

    @Override
    public String toString() {
        return release.map(r -> "Slurm " + r + " (its module file " + evidence + " says so)")
                .orElse("of no known release: " + evidence);
    }
}
