package ai.vantage.maven.slurm.lock;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;

/** Upstream's bytes of a locked artifact are not the locked ones: it was rebuilt, or something altered it. */
public final class LockMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    LockMismatchException(SlurmCoordinate coordinate, String locked, String actual) {
        super("upstream rebuilt " + coordinate.series() + " for " + coordinate.classifier() + ": locked sha256 "
                + locked + ", got " + actual + "; run slurm:lock to accept");
    }
}
