package ai.vantage.maven.slurm.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldReleasesTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");

    private final Map<SlurmCoordinate, ExactRelease> upstream = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final HeldReleases releases = new HeldReleases(series -> {
        reads.incrementAndGet();
        return Optional.ofNullable(upstream.get(series));
    });

    @Test
    void readsEachSeriesOnceUntilForgotten() throws Exception {
        upstream.put(NOBLE, ExactRelease.ofSpack("25-11-6-1"));
        assertEquals("25.11.6", releases.held(NOBLE).orElseThrow().mavenVersion());
        upstream.put(NOBLE, ExactRelease.ofSpack("25-11-7-1"));
        assertEquals("25.11.6", releases.held(NOBLE).orElseThrow().mavenVersion(), "the answer is kept");
        assertEquals(1, reads.get());

        releases.forget(NOBLE);
        assertEquals("25.11.7", releases.held(NOBLE).orElseThrow().mavenVersion());
        assertEquals(2, reads.get());
    }

    @Test
    void pinsTheHeldReleaseOntoItsSeriesAndRefusesOneUpstreamMovedPast() throws Exception {
        upstream.put(NOBLE, ExactRelease.ofSpack("25-11-7-2"));
        assertEquals(NOBLE, releases.pin(ExactRelease.ofMaven("25.11.7"), "noble"));

        ReleaseMovedException moved = assertThrows(ReleaseMovedException.class,
                () -> releases.pin(ExactRelease.ofMaven("25.11.6"), "noble"));
        assertEquals("25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6)",
                moved.getMessage());
    }

    @Test
    void pinsToTheSeriesWhenTheSourceKnowsNothingOfIt() throws Exception {
        assertEquals(SlurmCoordinate.of("24.11", "jammy-arm64"), releases.pin(ExactRelease.ofMaven("24.11.3"),
                "jammy-arm64"));
    }
}
