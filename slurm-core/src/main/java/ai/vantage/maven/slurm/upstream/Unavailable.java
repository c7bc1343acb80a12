package ai.vantage.maven.slurm.upstream;

import java.io.IOException;

/** A connection error, timeout or 5xx: worth retrying, then failing over to the next base URL. */
final class Unavailable extends IOException {

    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
        super(message);
    }
}
