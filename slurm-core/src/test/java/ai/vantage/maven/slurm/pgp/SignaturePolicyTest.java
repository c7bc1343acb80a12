package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignaturePolicyTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.of("25.11", "noble");
    private static final SlurmCoordinate JAMMY = SlurmCoordinate.of("25.11", "jammy");
    private final SignaturePolicy policy = new SignaturePolicy(UnsignedAllowList.parse(SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED, "25.11:noble"));

    @Test
    void verifiedOutcomeWordsItsLine() throws Exception {
        VerificationResult result = new VerificationResult(JAMMY.toString(), "B".repeat(40), "A".repeat(40),
                Instant.parse("2026-01-02T03:04:05Z"), "SHA512");

        SignatureOutcome outcome = policy.apply(JAMMY, () -> result);

        assertTrue(outcome.isVerified());
        assertEquals("Verified ai.vantage:slurm:25.11:tar.gz:jammy: signed by " + "A".repeat(40) + " (subkey "
                + "B".repeat(40) + ") on 2026-01-02T03:04:05Z", outcome.message());
    }

    @Test
    void refusalOfAnUnlistedBuildIsThrown() {
        VerificationException refusal = VerificationException.noSignature(JAMMY.toString(), "x.asc");

        assertSame(refusal, assertThrows(VerificationException.class, () -> policy.apply(JAMMY, () -> {
            throw refusal;
        })));
        VerificationException unsigned = assertThrows(VerificationException.class, () -> policy.unsigned(JAMMY, "y.asc"));
        assertEquals(VerificationException.Reason.NO_SIGNATURE, unsigned.reason());
        assertTrue(unsigned.getMessage().contains("y.asc"), unsigned.getMessage());
    }

    @Test
    void refusalOfAListedBuildIsAWarning() throws Exception {
        SignatureOutcome outcome = policy.unsigned(NOBLE, "x.asc");

        assertFalse(outcome.isVerified());
        assertTrue(outcome.result().isEmpty());
        assertTrue(outcome.message().startsWith("USING AN UNVERIFIED BUILD: " + NOBLE), outcome.message());
    }
}
