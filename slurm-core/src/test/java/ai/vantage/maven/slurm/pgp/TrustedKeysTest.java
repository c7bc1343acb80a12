package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedKeysTest {

    @Test
    void defaultIsTheSlurmFactoryKey() {
        TrustedKeys keys = TrustedKeys.parse(SlurmConfigurationKeys.DEFAULT_PGP_FINGERPRINTS);

        assertEquals(List.of("FDEA90667641505264EFD114DFB92630BCA5AB71"), keys.fingerprints());
    }

    @Test
    void acceptsGnupgSpacingCaseAndHexPrefix() {
        TrustedKeys keys = TrustedKeys.parse(
                "FDEA 9066 7641 5052 64EF  D114 DFB9 2630 BCA5 AB71, 0xe89d4971f0097b1e7a3eb57371b484802e78d7cd,");

        assertEquals(List.of("FDEA90667641505264EFD114DFB92630BCA5AB71", "E89D4971F0097B1E7A3EB57371B484802E78D7CD"),
                keys.fingerprints());
        assertTrue(keys.fingerprints().contains("E89D4971F0097B1E7A3EB57371B484802E78D7CD"));
        assertFalse(keys.fingerprints().contains("0000000000000000000000000000000000000000"));
    }

    @Test
    void refusesKeyIdsAndEmptyLists() {
        IllegalArgumentException longId =
                assertThrows(IllegalArgumentException.class, () -> TrustedKeys.parse("DFB92630BCA5AB71"));
        assertTrue(longId.getMessage().contains("DFB92630BCA5AB71") && longId.getMessage().contains("40 hex"));
        assertThrows(IllegalArgumentException.class, () -> TrustedKeys.parse(" , "));
    }
}
