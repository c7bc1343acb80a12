package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.ExclusiveFileLock;
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
 * (threads of a {@code -T} build and concurrent builds agree) and replaced whole ({@link AtomicFiles}), so a crash leaves the
 * old time or the new one, never an empty file. Safe for concurrent use.
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
     * Accepts {@code verified} for {@code coordinate} when its signature is not older than the newest one accepted
     * before, and records its time when it is newer.
     *
     * @param coordinate the coordinate, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble}
     * @throws VerificationException {@link Reason#ROLLBACK} naming both times, unless downgrades are allowed
     */
    public void accept(String coordinate, VerificationResult verified) throws VerificationException, IOException {
        compare(coordinate, verified, true);
    }

    /**
     * Refuses {@code verified} for {@code coordinate} when its signature is older than the newest one accepted before,
     * like {@link #accept}, but records nothing: for a caller that cannot tell whether the bytes are the build asked
     * for (the transport), so that another build served in its place cannot raise the bar.
     *
     * @throws VerificationException {@link Reason#ROLLBACK} naming both times, unless downgrades are allowed
     */
    public void check(String coordinate, VerificationResult verified) throws VerificationException, IOException {
        compare(coordinate, verified, false);
    }

    private void compare(String coordinate, VerificationResult verified, boolean record)
            throws VerificationException, IOException {
        Path file = directory.resolve(coordinate.replaceAll("[^A-Za-z0-9._-]", "_") + ".time");
        if (!record) {
            compare(coordinate, verified, file, false); // the file is replaced whole: a reader needs no lock
            return;
        }
        try (ExclusiveFileLock held = ExclusiveFileLock.acquire(file)) {
            if (compare(coordinate, verified, file, true)) {
                AtomicFiles.write(file, (verified.signatureTime() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Refuses (or warns of) a rollback; true when {@code verified}'s time is newer than the one recorded. */
    private boolean compare(String coordinate, VerificationResult verified, Path file, boolean record)
            throws VerificationException, IOException {
        Instant time = verified.signatureTime();
        Instant newest = read(file);
        if (newest != null && time.isBefore(newest)) {
            String what = coordinate + " is signed " + time + ", before the newest signature already accepted for it ("
                    + newest + ", recorded in " + file + ")";
            if (!allowDowngrade) {
                throw new VerificationException(Reason.ROLLBACK, coordinate, verified.primaryFingerprint(),
                        "Refusing " + what + ": a mirror, proxy or cache may be serving an older build (a rollback). "
                                + "If you mean to go back to it, run once with -Dslurm.allowDowngrade=true");
            }
            warn.accept("DOWNGRADE accepted (slurm.allowDowngrade): " + what
                    + (record ? "; " + time + " is now the newest accepted" : ""));
            return true;
        }
        return !time.equals(newest);
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
