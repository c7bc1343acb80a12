package ai.vantage.maven.slurm.accept;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.release.ReleasePin;
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
        if (shown.release().isEmpty()) {
            return "Refusing " + coordinate + " as Slurm " + asked + ": " + tarball + " cannot be proven to be that "
                    + "release: " + shown.evidence() + ". The Spack index only says what to expect before a download; "
                    + "the tarball's module file decides";
        }
        ExactRelease held = shown.release().get();
        String bytes = tarball + " is Slurm " + held + " (its module file " + shown.evidence() + " says so)";
        if (!held.series().equals(asked.series())) {
            return "Refusing " + coordinate + " as Slurm " + asked + ": " + bytes + ", another series";
        }
        try {
            ReleasePin.resolve(asked, coordinate.classifier(), held);
            throw new IllegalArgumentException("Slurm " + held + " is the release asked for: nothing to refuse");
        } catch (ReleaseMovedException moved) { // the words of a Spack index that says so
            return moved.getMessage() + ": " + bytes;
        }
    }

    /** What the bytes show: another release, or none. */
    public ReleaseShown shown() {
        return shown;
    }
}
