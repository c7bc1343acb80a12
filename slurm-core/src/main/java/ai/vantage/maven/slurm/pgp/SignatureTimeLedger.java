package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Rollback protection: remembers, per coordinate, the newest signature time accepted, and refuses a signature older
 * than that (a mirror, proxy or cache serving an older build the key once signed). One small file per coordinate in a
 * folder ({@link #LOCAL_REPOSITORY_FOLDER} of the local repository), read and written under a file lock, so
 * concurrent builds agree. Safe for concurrent use.
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
        if (!record && !Files.exists(file)) {
            return;
        }
        Files.createDirectories(directory);
        Instant time = verified.signatureTime();
        try (FileChannel channel = record
                        ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                                StandardOpenOption.WRITE)
                        : FileChannel.open(file, StandardOpenOption.READ);
                FileLock lock = channel.lock(0, Long.MAX_VALUE, !record)) {
            Instant newest = read(channel, file);
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
            } else if (time.equals(newest)) {
                return;
            }
            if (!record) {
                return;
            }
            byte[] bytes = (time + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
        }
    }

    private static Instant read(FileChannel channel, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 256));
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException("The signature time ledger " + file + " holds '" + text + "', not a time; delete it "
                    + "only if nobody could have written it on purpose", e);
        }
    }
}
