package ai.vantage.maven.slurm.install;

import java.io.IOException;

/** A tarball whose tree is another build than the one asked for (another series, architecture or toolchain). */
public final class WrongBuildException extends IOException {

    private static final long serialVersionUID = 1L;

    WrongBuildException(String message) {
        super(message);
    }
}
