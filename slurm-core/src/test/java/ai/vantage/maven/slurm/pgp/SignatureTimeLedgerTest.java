package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureTimeLedgerTest {

    private static final String NOBLE = "ai.vantage:slurm:25.11:tar.gz:noble";
    private static final Instant OLD = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant NEW = Instant.parse("2026-06-01T08:00:00Z");

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static VerificationResult signed(Instant time) {
        return new VerificationResult(NOBLE, "AA".repeat(20), "AA".repeat(20), time, "SHA512");
    }

    private SignatureTimeLedger ledger(boolean allowDowngrade) {
        return new SignatureTimeLedger(dir, allowDowngrade, warnings::add);
    }

    @Test
    void olderSignatureThanOneAcceptedIsRefusedNamingBothTimes() throws Exception {
        ledger(false).accept(NOBLE, signed(NEW));

        VerificationException e = assertThrows(VerificationException.class, () -> ledger(false).accept(NOBLE, signed(OLD)));

        assertEquals(Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(OLD.toString()) && e.getMessage().contains(NEW.toString())
                && e.getMessage().contains("slurm.allowDowngrade"), e.getMessage());
    }

    @Test
    void sameOrNewerSignatureIsAcceptedAndEachCoordinateHasItsOwnTime() throws Exception {
        ledger(false).accept(NOBLE, signed(OLD));
        ledger(false).accept(NOBLE, signed(OLD));
        ledger(false).accept(NOBLE, signed(NEW));
        ledger(false).accept("ai.vantage:slurm:25.11:tar.gz:jammy", signed(OLD));
        assertEquals(List.of(), warnings);
    }

    @Test
    void allowedDowngradeIsAcceptedOnceLoudlyAndBecomesTheNewest() throws Exception {
        ledger(false).accept(NOBLE, signed(NEW));

        ledger(true).accept(NOBLE, signed(OLD));

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("DOWNGRADE accepted") && warnings.get(0).contains(OLD.toString()),
                warnings.toString());
        ledger(false).accept(NOBLE, signed(OLD));
        assertEquals(1, warnings.size(), "the next build needs no override for the build gone back to");
    }

    @Test
    void checkRefusesAnOlderSignatureButRecordsNothing() throws Exception {
        Instant between = Instant.parse("2026-03-01T08:00:00Z");
        ledger(false).check(NOBLE, signed(NEW)); // nothing recorded yet: accepted, and not recorded
        ledger(false).accept(NOBLE, signed(between));

        VerificationException e = assertThrows(VerificationException.class, () -> ledger(false).check(NOBLE, signed(OLD)));
        assertEquals(Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(OLD.toString()) && e.getMessage().contains(between.toString()), e.getMessage());

        ledger(false).check(NOBLE, signed(NEW));
        ledger(false).accept(NOBLE, signed(between)); // the check of NEW did not raise the bar
        ledger(true).check(NOBLE, signed(OLD));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("DOWNGRADE accepted") && !warnings.get(0).contains("now the newest"),
                warnings.toString());
        assertThrows(VerificationException.class, () -> ledger(false).check(NOBLE, signed(OLD)),
                "an allowed downgrade seen by a check is not recorded");
    }
}
