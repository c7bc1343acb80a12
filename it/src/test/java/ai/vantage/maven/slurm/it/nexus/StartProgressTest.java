package ai.vantage.maven.slurm.it.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a starting Nexus getting somewhere. */
class StartProgressTest {

    private static final String NPE = "2026-12-04 20:53:%02d,%03d+0000 ERROR [pool-%d-thread-1] *SYSTEM "
            + "org.apache.karaf.features.internal.service.FeatureDeploymentListener - Unable to handle event %d\n"
            + "java.lang.NullPointerException: null\n"
            + "\tat org.apache.karaf.features.internal.service.FeatureDeploymentListener.bundleChanged(x.java:%d)\n";

    @Test
    void aFloodOfOneErrorIsNoProgressANewLineIs(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("nexus.log");
        StartProgress progress = new StartProgress(List.of(dir.resolve("console.log"), log));
        assertFalse(progress.advanced(), "no logs yet");

        append(log, String.format(NPE, 1, 100, 3, 1, 201));
        assertTrue(progress.advanced(), "the first error is news");
        for (int i = 2; i < 30; i++) {
            append(log, String.format(NPE, i, 100 + i, 3 + i, i, 201 + i));
            assertFalse(progress.advanced(), "the same error again, at another time, thread and number");
        }
        append(log, "2026-12-04 20:54:01,000+0000 INFO  [FelixStartLevel] *SYSTEM Nexus - Started Sonatype Nexus\n");
        assertTrue(progress.advanced());
        assertEquals("2026-12-04 20:54:01,000+0000 INFO  [FelixStartLevel] *SYSTEM Nexus - Started Sonatype Nexus",
                progress.lastNews());
    }

    @Test
    void aLineCountsOnceItIsComplete(@TempDir Path dir) throws Exception {
        Path console = dir.resolve("console.log");
        StartProgress progress = new StartProgress(List.of(console));

        append(console, "Fast FeaturesService starting");
        assertFalse(progress.advanced(), "half a line");
        append(console, " (boot)\n");
        assertTrue(progress.advanced());
        assertEquals("Fast FeaturesService starting (boot)", progress.lastNews());
    }

    private static void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
