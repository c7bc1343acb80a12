package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.ExclusiveFileLock;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Rollback protection: remembers, per coordinate, the newest signature time accepted, and refuses a signature older
 * than that (a mirror, proxy or cache serving an older build the key once signed). One small file per coordinate in a
 * folder ({@link #LOCAL_REPOSITORY_FOLDER} of the local repository), changed under an {@link ExclusiveFileLock}
 * (threads of a {@code -T} build and concurrent builds agree) and replaced whole ({@link AtomicFiles}), so a crash
 * leaves the old time or the new one, never an empty file. Safe for concurrent use.
 */
public final class SignatureTimeLedger {

    /** The ledger's folder, relative to the local Maven repository's root (beside the offline key cache). */
    public static final String LOCAL_REPOSITORY_FOLDER = ".cache/slurm/signature-times";

    private final Path directory;
    private final boolean allowDowngrade;
    private final Consumer<String> warn;

    /**
     * @param directory where the times are kept
     * @param allowDowngrade accept an older signature (once: it becomes the newest accepted), with a warning
     * @param warn told of every downgrade accepted
     */
    public SignatureTimeLedger(Path directory, boolean allowDowngrade, Consumer<String> warn) {
        this.directory = directory;
        this.allowDowngrade = allowDowngrade;
        this.warn = warn;
    }

    /**
     * Refuses {@code verified} for {@code coordinate} when its signature is older than the newest one recorded;
     * records nothing. An older signature allowed by {@code slurm.allowDowngrade} is told to {@code warn}.
     *
     * @throws VerificationException {@link Reason#ROLLBACK} naming both times, unless downgrades are allowed
     */
    public void check(String coordinate, VerificationResult verified) throws VerificationException, IOException {
        Path file = file(coordinate); // the file is replaced whole: a reader needs no lock
        String older = older(coordinate, verified, file, read(file));
        if (older != null) {
            warn.accept("DOWNGRADE accepted (slurm.allowDowngrade): " + older);
        }
    }

    /**
     * Records {@code verified}'s time as the newest for {@code coordinate}, after a {@link #check} of the same
     * signature passed: compared again under the file's lock (another build may have recorded a newer one meanwhile),
     * and written when newer, or older and allowed ({@code slurm.allowDowngrade}: it becomes the newest, so the next
     * build needs no override).
     *
     * @throws VerificationException {@link Reason#ROLLBACK} when a newer time is recorded and downgrades are not
     *     allowed
     */
    public void record(String coordinate, VerificationResult verified) throws VerificationException, IOException {
        Path file = file(coordinate);
        try (ExclusiveFileLock held = ExclusiveFileLock.acquire(file)) {
            Instant newest = read(file);
            older(coordinate, verified, file, newest);
            if (!verified.signatureTime().equals(newest)) {
                AtomicFiles.write(file, (verified.signatureTime() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private Path file(String coordinate) {
        return directory.resolve(coordinate.replaceAll("[^A-Za-z0-9._-]", "_") + ".time");
    }

    /** Null when {@code verified} is not older than {@code newest}; else what is older, if downgrades are allowed. */
    private String older(String coordinate, VerificationResult verified, Path file, Instant newest)
            throws VerificationException {
        Instant time = verified.signatureTime();
        if (newest == null || !time.isBefore(newest)) {
            return null;
        }
        String what = coordinate + " is signed " + time + ", before the newest signature already accepted for it ("
                + newest + ", recorded in " + file + ")";
        if (!allowDowngrade) {
            throw new VerificationException(Reason.ROLLBACK, coordinate, verified.primaryFingerprint(),
                    "Refusing " + what + ": a mirror, proxy or cache may be serving an older build (a rollback). "
                            + "If you mean to go back to it, run once with -Dslurm.allowDowngrade=true");
        }
        return what;
    }

    private static Instant read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        try { // an empty file is refused too: it must never switch the protection off
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException("The signature time ledger " + file + " holds '" + text + "', not a time; delete it "
                    + "only if nobody could have written it on purpose", e);
        }
    }
}
