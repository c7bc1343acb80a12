package ai.vantage.maven.slurm.release;

/**
 * An exact release was asked for, but upstream's key of its series now holds another release. The message says
 * what it holds and the two ways on.
 */
public final class ReleaseMovedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ExactRelease upstream;

    ReleaseMovedException(ExactRelease requested, ExactRelease upstream, String classifier) {
        super(requested.series() + " for " + classifier + " is now " + upstream.mavenVersion() + "; pin "
                + upstream.mavenVersion() + " or use the series (asked for " + requested.mavenVersion() + ")");
        this.upstream = upstream;
    }

    /** The release the series key holds now. */
    public ExactRelease upstream() {
        return upstream;
    }
}
