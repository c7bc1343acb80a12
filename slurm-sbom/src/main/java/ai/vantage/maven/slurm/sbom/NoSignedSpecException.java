package ai.vantage.maven.slurm.sbom;

import java.io.IOException;

/**
 * There is no signed Spack spec a build's SBOM could be made from (the toolchain has no Spack mirror, the mirror
 * holds no spec of that release, a spec is not signed by a pinned key, or two specs could be the build): the message
 * says which, and nothing is written.
 */
public final class NoSignedSpecException extends IOException {

    private static final long serialVersionUID = 1L;

    public NoSignedSpecException(String message) {
        super(message);
    }

    public NoSignedSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
