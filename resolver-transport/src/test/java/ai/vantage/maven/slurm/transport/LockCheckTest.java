package ai.vantage.maven.slurm.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock as resolution holds to it: read once, a malformed one named each time, none for slurm:lock's session. */
class LockCheckTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");
    private static final String SIGNER = "FDEA90667641505264EFD114DFB92630BCA5AB71";

    @TempDir
    Path dir;

    @Test
    void theLockIsReadOnce() throws Exception {
        Path file = dir.resolve(LockFile.FILE_NAME);
        LockFile.empty().with(new LockEntry(NOBLE, "a".repeat(64), 1, SIGNER, Instant.EPOCH, null)).write(file);
        LockCheck check = new LockCheck(file);

        assertEquals("a".repeat(64), check.lock().entry(NOBLE).orElseThrow().sha256());
        Files.delete(file);
        assertTrue(check.lock().entry(NOBLE).isPresent(), "read on first use only");
    }

    @Test
    void aMalformedLockFailsEveryTarballNamingTheFile() throws Exception {
        Path file = dir.resolve(LockFile.FILE_NAME);
        Files.writeString(file, "{\"format\": 2}");
        LockCheck check = new LockCheck(file);

        IOException first = assertThrows(IOException.class, check::lock);
        assertTrue(first.getMessage().startsWith("Malformed " + file + ": "), first.getMessage());
        Files.delete(file);
        assertEquals(first, assertThrows(IOException.class, check::lock));
    }

    @Test
    void noLockAndNoneHoldNothing() throws Exception {
        assertTrue(new LockCheck(dir.resolve(LockFile.FILE_NAME)).lock().entries().isEmpty());
        LockFile.empty().with(new LockEntry(NOBLE, "a".repeat(64), 1, SIGNER, Instant.EPOCH, null))
                .write(dir.resolve(LockFile.FILE_NAME));
        assertTrue(LockCheck.NONE.lock().entries().isEmpty());
    }
}
