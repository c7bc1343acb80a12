package ai.vantage.maven.slurm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock shared by threads and processes, and the atomic write it guards. */
class ExclusiveFileLockTest {

    @TempDir
    Path dir;

    @Test
    void threadsTakeTurnsWithoutOverlappingFileLocksAndNoIncrementIsLost() throws Exception {
        Path counter = dir.resolve("counter");
        AtomicFiles.write(counter, "0".getBytes(StandardCharsets.US_ASCII));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // another spelling of the same file must take the same in-JVM lock
            Path spelling = i % 2 == 0 ? counter : dir.resolve(".").resolve("counter");
            calls.add(threads.submit(() -> {
                try (ExclusiveFileLock held = ExclusiveFileLock.acquire(spelling);
                        ExclusiveFileLock again = ExclusiveFileLock.acquire(spelling)) {
                    int value = Integer.parseInt(Files.readString(spelling));
                    AtomicFiles.write(spelling, Integer.toString(value + 1).getBytes(StandardCharsets.US_ASCII));
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(); // rethrows any OverlappingFileLockException
        }
        threads.shutdown();
        assertEquals("2000", Files.readString(counter));
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldContent() throws Exception {
        Path file = dir.resolve("slurm.lock");
        AtomicFiles.write(file, "old\n".getBytes(StandardCharsets.US_ASCII));
        // what a crash after writing the temporary file and before the rename leaves
        Files.writeString(dir.resolve(".slurm.lock123.tmp"), "ne");

        assertEquals("old\n", Files.readString(file));
        AtomicFiles.write(file, "new\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("new\n", Files.readString(file));
    }
}
