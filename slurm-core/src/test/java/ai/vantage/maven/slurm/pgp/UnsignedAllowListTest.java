package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import org.junit.jupiter.api.Test;

class UnsignedAllowListTest {

    @Test
    void allowsExactlyTheListedBuilds() {
        UnsignedAllowList list = UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "25.11:noble, 24.11:jammy-arm64");

        assertTrue(list.allows(SlurmCoordinate.of("25.11", "noble")));
        assertTrue(list.allows(SlurmCoordinate.of("24.11", "jammy-arm64")));
        assertFalse(list.allows(SlurmCoordinate.of("25.11", "noble-arm64")));
        assertFalse(list.allows(SlurmCoordinate.of("24.11", "noble")));
    }

    @Test
    void emptyListAllowsNothing() {
        assertFalse(UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, " , ").allows(SlurmCoordinate.of("25.11", "noble")));
    }

    @Test
    void malformedEntryNamesTheKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "25.11:noble,25.11:xenial"));
        assertTrue(e.getMessage().startsWith("slurm.pgp.allowUnsigned: ") && e.getMessage().contains("xenial"));
    }

    @Test
    void warningIsLoudAndNamesTheRefusal() {
        SlurmCoordinate coordinate = SlurmCoordinate.of("25.11", "noble");
        VerificationException refusal = VerificationException.noSignature(coordinate.toString(), "x.asc");

        String warning = UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "25.11:noble").warning(coordinate, refusal);
        assertTrue(warning.startsWith("USING AN UNVERIFIED BUILD"));
        assertTrue(warning.contains("NO_SIGNATURE") && warning.contains("25.11:noble"), warning);
    }
}
