package ai.vantage.maven.slurm.accept;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.io.IOException;

/**
 * A tarball offered as an exact release ({@code 25.11.6}) whose own bytes do not show that release: its module file
 * names another ({@link #shown()} has a release: upstream's key of the series moved on), or no release can be read
 * from it (unknown: never proof). The message names the coordinate, the release asked for and what the bytes say.
 */
public final class WrongReleaseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient ReleaseShown shown;

    WrongReleaseException(SlurmCoordinate coordinate, ExactRelease asked, ReleaseShown shown, String tarball) {
        super(message(coordinate, asked, shown, tarball));
        this.shown = shown;
    }

    private static String message(SlurmCoordinate coordinate, ExactRelease asked, ReleaseShown shown, String tarball) {
        String refusing = "Refusing " + coordinate + " as Slurm " + asked + ": ";
        return shown.release()
                .map(held -> refusing + tarball + " is Slurm " + held + " (its module file " + shown.evidence()
                        + " says so); pin " + held + " or use the series " + coordinate.series())
                .orElseGet(() -> refusing + tarball + " cannot be proven to be that release: " + shown.evidence()
                        + ". The Spack index only says what to expect before a download; the tarball's module file "
                        + "decides");
    }

    /** What the bytes show: another release, or none. */
    public ReleaseShown shown() {
        return shown;
    }
}
