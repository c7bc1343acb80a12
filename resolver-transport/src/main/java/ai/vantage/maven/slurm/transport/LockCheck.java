package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.lock.LockFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The top-level project's {@code slurm.lock} as resolution holds to it (through
 * {@link ai.vantage.maven.slurm.accept.TarballAcceptance}): read once, on first use; a malformed one fails every
 * tarball, naming the file. {@link #NONE} locks nothing: the session {@code slurm:lock} fetches anew with.
 */
final class LockCheck {

    /** Holds nothing to a lock. */
    static final LockCheck NONE = new LockCheck(null);

    private final Path file;
    private LockFile lock;
    private IOException malformed;

    /** The check of {@code file} ({@code slurm.lock}); a missing file locks nothing. */
    LockCheck(Path file) {
        this.file = file;
    }

    /**
     * The lock, read on first use.
     *
     * @throws IOException the lock's read failure, the same each time
     */
    synchronized LockFile lock() throws IOException {
        if (file == null) {
            return LockFile.empty();
        }
        if (lock == null && malformed == null) {
            try {
                lock = LockFile.read(file);
            } catch (IOException e) {
                malformed = e;
            }
        }
        if (malformed != null) {
            throw malformed;
        }
        return lock;
    }
}
