package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.release.ExactRelease;
import java.time.Instant;

/**
 * What the one read of a tarball found: the bytes that were unpacked (or inspected) are the bytes hashed and the bytes
 * whose signature verified.
 *
 * @param sha256 the SHA-256 of the bytes read
 * @param size how many bytes were read
 * @param modified the file's modification time (ms) before it was opened, for a later run's quick match; 0 when the
 *     file changed size while it was read (a later run then hashes it)
 * @param signerFingerprint the pinned primary key that signed those bytes; null when allowed unsigned
 * @param signatureTime when those bytes were signed; null when allowed unsigned
 * @param release the exact Slurm release the tree's module file names, or null when it names none
 */
public record TarballRead(String sha256, long size, long modified, String signerFingerprint, Instant signatureTime,
        ExactRelease release) {

    /** The same read, with the file's modification time. */
    public TarballRead withModified(long time) {
        return new TarballRead(sha256, size, time, signerFingerprint, signatureTime, release);
    }
}
