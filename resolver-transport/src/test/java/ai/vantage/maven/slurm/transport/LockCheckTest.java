package ai.vantage.maven.slurm.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock as resolution holds to it: read once, malformed named, the tarball read only when no digest is known. */
class LockCheckTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");
    private static final SlurmCoordinate JAMMY = SlurmCoordinate.of("25.11", "jammy");
    private static final String SIGNER = "FDEA90667641505264EFD114DFB92630BCA5AB71";

    @TempDir
    Path dir;

    private Path tarball(String content) throws IOException {
        return Files.writeString(dir.resolve("slurm-" + System.nanoTime() + ".tar.gz"), content);
    }

    private LockCheck locking(SlurmCoordinate coordinate, String sha256) throws IOException {
        Path file = dir.resolve(LockFile.FILE_NAME);
        LockFile.empty().with(new LockEntry(coordinate, sha256, 1, SIGNER, Instant.EPOCH, null)).write(file);
        return new LockCheck(file);
    }

    @Test
    void withoutADigestTheTarballIsReadOnlyWhenItsCoordinateIsLocked() throws Exception {
        Path locked = tarball("locked bytes");
        LockCheck check = locking(NOBLE, Checksums.sha256(locked));

        check.check(NOBLE, locked, null);
        LockMismatchException e = assertThrows(LockMismatchException.class,
                () -> check.check(NOBLE, tarball("rebuilt bytes"), null));
        assertEquals("upstream rebuilt 25.11 for noble: locked sha256 " + Checksums.sha256(locked) + ", got "
                + Checksums.sha256(tarball("rebuilt bytes")) + "; run slurm:lock to accept", e.getMessage());
        check.check(JAMMY, dir.resolve("not-read.tar.gz"), null);
    }

    @Test
    void aKnownDigestIsCheckedWithoutReadingTheTarball() throws Exception {
        LockCheck check = locking(NOBLE, "a".repeat(64));

        check.check(NOBLE, dir.resolve("not-read.tar.gz"), "a".repeat(64));
        assertThrows(LockMismatchException.class, () -> check.check(NOBLE, null, "b".repeat(64)));
    }

    @Test
    void theLockIsReadOnceAndAMalformedOneFailsEveryCheckNamingTheFile() throws Exception {
        Path file = dir.resolve(LockFile.FILE_NAME);
        Files.writeString(file, "{\"format\": 2}");
        LockCheck check = new LockCheck(file);

        IOException first = assertThrows(IOException.class, () -> check.check(NOBLE, null, "a".repeat(64)));
        assertTrue(first.getMessage().startsWith("Malformed " + file + ": "), first.getMessage());
        Files.delete(file);
        assertEquals(first, assertThrows(IOException.class, () -> check.check(JAMMY, null, "a".repeat(64))));
    }

    @Test
    void noLockAndNoneHoldNothing() throws Exception {
        new LockCheck(dir.resolve(LockFile.FILE_NAME)).check(NOBLE, null, "a".repeat(64));
        locking(NOBLE, "a".repeat(64));
        LockCheck.NONE.check(NOBLE, null, "b".repeat(64));
    }
}
