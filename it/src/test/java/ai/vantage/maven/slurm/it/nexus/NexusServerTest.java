package ai.vantage.maven.slurm.it.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Karaf patch that lets Nexus 3.41 start on the running Java. */
class NexusServerTest {

    private static final String KARAF_CONFIG = "jre-1.8 = ${jre-base}\n"
            + "eecap-16 = osgi.ee; osgi.ee=\"OSGi/Minimum\"; version:List<Version>=\"1.0,1.1,1.2\", \\\n"
            + " osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0,15.0,16.0\", \\\n"
            + " osgi.ee; osgi.ee=\"JavaSE/compact3\"; version:List<Version>=\"1.8,9.0,15.0,16.0\"\n"
            + "eecap-15 = osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0,15.0\"\n";

    @Test
    void addsAnExecutionEnvironmentForTheRunningJavaOnce(@TempDir Path dir) throws Exception {
        int feature = Runtime.version().feature();
        Path config = Files.writeString(dir.resolve("config.properties"), KARAF_CONFIG);

        NexusServer.allowRunningJava(config);
        String patched = Files.readString(config);
        NexusServer.allowRunningJava(config);

        assertEquals(patched, Files.readString(config), "a second start changes nothing");
        StringBuilder versions = new StringBuilder("15.0,16.0");
        for (int v = 17; v <= feature; v++) {
            versions.append(',').append(v).append(".0");
        }
        assertTrue(patched.contains("eecap-" + feature + " = osgi.ee; osgi.ee=\"OSGi/Minimum\""), patched);
        assertTrue(patched.contains("osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.8,9.0," + versions + "\""), patched);
        assertTrue(patched.contains("osgi.ee=\"JavaSE/compact3\"; version:List<Version>=\"1.8,9.0," + versions + "\""),
                patched);
        assertTrue(patched.endsWith(KARAF_CONFIG.substring(KARAF_CONFIG.indexOf("eecap-16"))), "the old entries stay");
    }

    @Test
    void refusesAKarafItDoesNotKnow(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.properties"), "jre-1.8 = ${jre-base}\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NexusServer.allowRunningJava(config));
        assertTrue(e.getMessage().contains("No eecap-16 entry in " + config), e.getMessage());
    }
}
