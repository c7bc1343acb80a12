package ai.vantage.maven.slurm.it.nexus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Nexus start that hangs fails soon, saying why; here a launcher that hangs as Karaf did. */
class NexusServerTest {

    /** Cuts the features settings to a header, then logs one error over and over and never serves. */
    private static final String HUNG_KARAF = "#!/bin/sh\n"
            + "log=../sonatype-work/nexus3/log/nexus.log\n"
            + "mkdir -p ../sonatype-work/nexus3/log\n"
            + "echo 'Fast FeaturesService starting' >> $log\n"
            + "echo '# header' > etc/karaf/org.apache.karaf.features.cfg\n"
            + "i=0\n"
            + "while true; do\n"
            + "  i=$((i+1)); echo \"ERROR [pool-$i] FeatureDeploymentListener - NullPointerException $i\" >> $log\n"
            + "  printf '\\tat org.apache.karaf.deployer.features.FeatureDeploymentListener.bundleChanged\\n' >> $log\n"
            + "  sleep 0.2\n"
            + "done\n";

    @Test
    void aStartThatStopsMakingProgressFailsQuotingTheLogAndTheRewrittenSettings(@TempDir Path dir)
            throws Exception {
        Path distribution = NexusCopyTest.distribution(dir, HUNG_KARAF);
        long started = System.nanoTime();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NexusServer.start(distribution, dir.resolve("run"), Duration.ofSeconds(3)).close());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "failed after " + took);
        String message = e.getMessage();
        assertTrue(message.contains("Nexus stopped making progress while starting: no new line in its logs for 3 s"),
                message);
        assertTrue(message.contains("The last new line: ERROR [pool-1] FeatureDeploymentListener"), message);
        assertTrue(message.contains("Nexus rewrote its settings while starting: "
                + "etc/karaf/org.apache.karaf.features.cfg (9 bytes, was " + NexusCopyTest.FEATURES.length()
                + " bytes)"), message);
        assertTrue(message.contains("NullPointerException"), "quotes the end of nexus.log: " + message);
        assertFalse(message.contains("\tat org.apache.karaf"), "without the stack frames: " + message);
        assertFalse(Files.exists(dir.resolve("run.pid")), "the hung launcher was stopped");
    }
}
