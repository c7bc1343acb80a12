package ai.vantage.maven.slurm.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmSchemeTest {

    @Test
    void ownsTheThreeSlurmProtocolsOnly() {
        assertTrue(SlurmScheme.owns("slurm+https") && SlurmScheme.owns("slurm+http") && SlurmScheme.owns("slurm+file"));
        assertFalse(SlurmScheme.owns("https"));
        assertFalse(SlurmScheme.owns("slurm+ftp"));
    }

    @Test
    void cacheUrlDropsThePrefixOfASlurmRepositoryOnly() {
        assertEquals(Optional.of("https://cache.test/"), SlurmScheme.cacheUrl("slurm+https://cache.test/"));
        assertEquals(Optional.of("file:/srv/cache/"), SlurmScheme.cacheUrl("slurm+file:/srv/cache/"));
        assertEquals(Optional.empty(), SlurmScheme.cacheUrl("https://repo.maven.apache.org/maven2/"));
        assertEquals(Optional.empty(), SlurmScheme.cacheUrl("slurm+ftp://cache.test/"));
    }
}
