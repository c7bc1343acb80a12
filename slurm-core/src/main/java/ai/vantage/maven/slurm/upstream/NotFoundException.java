package ai.vantage.maven.slurm.upstream;

import java.io.IOException;

/** The cache has no such key: it answered 403 (S3), 404 (CDN) or 410, or a {@code file:} copy lacks the file. */
public final class NotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
