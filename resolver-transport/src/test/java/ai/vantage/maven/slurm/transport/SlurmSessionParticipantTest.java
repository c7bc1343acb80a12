package ai.vantage.maven.slurm.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.MavenExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmSessionParticipantTest {

    @ParameterizedTest
    @ValueSource(strings = {"3.6.3", "3.8.7", "3.3.9", "2.2.1"})
    void olderMavenFailsNamingItsVersionAndTheWrapper(String version) {
        MavenExecutionException e = assertThrows(MavenExecutionException.class,
                () -> SlurmSessionParticipant.requireSupportedMaven(version, List.of("slurm:install")));
        assertTrue(e.getMessage().contains("needs Maven 3.9 or newer, but this is Maven " + version + "."),
                e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.9.0", "3.9.16", "3.10.0", "4.0.0-rc-6", "4.1.0-SNAPSHOT"})
    void mavenThreeNineAndNewerRun(String version) {
        assertDoesNotThrow(() -> SlurmSessionParticipant.requireSupportedMaven(version, List.of("install")));
    }

    @Test
    void olderMavenMayStillAddTheWrapper() {
        assertDoesNotThrow(() -> SlurmSessionParticipant.requireSupportedMaven("3.8.7", List.of("wrapper:wrapper")));
        assertThrows(MavenExecutionException.class,
                () -> SlurmSessionParticipant.requireSupportedMaven("3.8.7", List.of("wrapper:wrapper", "install")));
        assertThrows(MavenExecutionException.class,
                () -> SlurmSessionParticipant.requireSupportedMaven("3.8.7", List.of()));
    }

    @Test
    void isJavaEightBytecodeSoOldMavensLoadItAndSeeTheMessage() throws IOException {
        try (InputStream in = SlurmSessionParticipant.class.getResourceAsStream("SlurmSessionParticipant.class")) {
            byte[] header = in.readNBytes(8);
            assertEquals(52, ((header[6] & 0xff) << 8) | (header[7] & 0xff),
                    "class file major version: Maven before 3.9 skips classes newer than Java 8 without a word");
        }
    }

    @Test
    void addsThePluginGroupOnce() {
        List<String> groups = new ArrayList<>(List.of("org.apache.maven.plugins", "org.codehaus.mojo"));
        SlurmSessionParticipant.addPluginGroup(groups);
        SlurmSessionParticipant.addPluginGroup(groups);
        assertEquals(List.of("org.apache.maven.plugins", "org.codehaus.mojo", "ai.vantage.maven"), groups);
    }
}
