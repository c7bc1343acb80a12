package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The top-level project's {@code slurm.lock} as resolution holds to it: a tarball of a locked coordinate, from
 * whichever repository, must have the locked SHA-256, or it fails with {@link LockFile#check}'s message ("upstream
 * rebuilt …; run slurm:lock to accept"). The file is read once, on first use; a malformed one fails every check,
 * naming the file. {@link #NONE} checks nothing: the session {@code slurm:lock} fetches anew with.
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
     * Checks the SHA-256 of the tarball of {@code coordinate}.
     *
     * @param sha256 its SHA-256 from the read that verified it, or null when unknown: then {@code tarball} is read
     *     for it, only if the coordinate is locked
     * @throws IOException {@link ai.vantage.maven.slurm.lock.LockMismatchException} when the bytes are not the
     *     locked ones; the lock's or the tarball's read failure
     */
    void check(SlurmCoordinate coordinate, Path tarball, String sha256) throws IOException {
        LockFile locked = lock();
        if (locked.entry(coordinate).isPresent()) {
            locked.check(coordinate, sha256 != null ? sha256 : Checksums.sha256(tarball));
        }
    }

    private synchronized LockFile lock() throws IOException {
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
