package ai.vantage.maven.slurm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    private TransferProgress progress(Duration interval) {
        return new TransferProgress("Downloading", "x.tar.gz", 10_000_000, () -> "https://cache.test/x.tar.gz", interval,
                now::get, lines::add);
    }

    @Test
    void oneLinePerIntervalWithBytesTotalRateAndSource() {
        TransferProgress progress = progress(Duration.ofSeconds(10));
        now.set(Duration.ofSeconds(5).toNanos());
        progress.update(1_000_000);
        assertEquals(List.of(), lines, "not before the interval");
        now.set(Duration.ofSeconds(10).toNanos());
        progress.update(1_000_000);
        now.set(Duration.ofSeconds(11).toNanos());
        progress.update(1_000_000);

        assertEquals(List.of("Downloading x.tar.gz: 2.0 MB of 10.0 MB (20%) at 200.0 kB/s from "
                + "https://cache.test/x.tar.gz"), lines);
        assertEquals(3_000_000, progress.bytes());
    }

    @Test
    void linesNameTheSourceOfTheMoment() {
        String[] source = {"https://cache.test/x.tar.gz"};
        TransferProgress progress = new TransferProgress("Downloading", "x.tar.gz", -1, () -> source[0],
                Duration.ofSeconds(1), now::get, lines::add);
        source[0] = "https://origin.test/x.tar.gz";
        now.set(Duration.ofSeconds(2).toNanos());
        progress.update(1500);

        assertEquals(List.of("Downloading x.tar.gz: 1.5 kB at 750 B/s from https://origin.test/x.tar.gz"), lines);
    }

    @Test
    void zeroIntervalIsSilent() {
        TransferProgress progress = progress(Duration.ZERO);
        now.set(Duration.ofHours(1).toNanos());
        progress.update(5);
        assertEquals(List.of(), lines);
    }
}
