package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.io.ForkedWriter;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** What an acceptance that records does: check, then record. */
    private void accept(boolean allowDowngrade, String coordinate, VerificationResult verified) throws Exception {
        SignatureTimeLedger ledger = ledger(allowDowngrade);
        ledger.check(coordinate, verified);
        ledger.record(coordinate, verified);
    }

    @Test
    void olderSignatureThanOneAcceptedIsRefusedNamingBothTimes() throws Exception {
        accept(false, NOBLE, signed(NEW));

        VerificationException e = assertThrows(VerificationException.class, () -> accept(false, NOBLE, signed(OLD)));

        assertEquals(Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(OLD.toString()) && e.getMessage().contains(NEW.toString())
                && e.getMessage().contains("slurm.allowDowngrade"), e.getMessage());
    }

    @Test
    void sameOrNewerSignatureIsAcceptedAndEachCoordinateHasItsOwnTime() throws Exception {
        accept(false, NOBLE, signed(OLD));
        accept(false, NOBLE, signed(OLD));
        accept(false, NOBLE, signed(NEW));
        accept(false, "ai.vantage:slurm:25.11:tar.gz:jammy", signed(OLD));
        assertEquals(List.of(), warnings);
    }

    @Test
    void allowedDowngradeIsAcceptedOnceLoudlyAndBecomesTheNewest() throws Exception {
        accept(false, NOBLE, signed(NEW));

        accept(true, NOBLE, signed(OLD));

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("DOWNGRADE accepted") && warnings.get(0).contains(OLD.toString()),
                warnings.toString());
        accept(false, NOBLE, signed(OLD));
        assertThrows(VerificationException.class, () -> ledger(false).record(NOBLE, signed(OLD.minusSeconds(1))),
                "a record compares too: a newer time recorded meanwhile refuses an older one");
        assertEquals(1, warnings.size(), "the next build needs no override for the build gone back to");
    }

    @Test
    void checkRefusesAnOlderSignatureButRecordsNothing() throws Exception {
        Instant between = Instant.parse("2026-03-01T08:00:00Z");
        ledger(false).check(NOBLE, signed(NEW)); // nothing recorded yet: accepted, and not recorded
        accept(false, NOBLE, signed(between));

        VerificationException e = assertThrows(VerificationException.class, () -> ledger(false).check(NOBLE, signed(OLD)));
        assertEquals(Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(OLD.toString()) && e.getMessage().contains(between.toString()), e.getMessage());

        ledger(false).check(NOBLE, signed(NEW));
        accept(false, NOBLE, signed(between)); // the check of NEW did not raise the bar
        ledger(true).check(NOBLE, signed(OLD));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("DOWNGRADE accepted"), warnings.toString());
        assertThrows(VerificationException.class, () -> ledger(false).check(NOBLE, signed(OLD)),
                "an allowed downgrade seen by a check is not recorded");
    }

    @Test
    void thousandsOfConcurrentCallsAcrossThreadsLoseNoTimeAndThrowOnlyRollbacks() throws Exception {
        List<String> coordinates = List.of(NOBLE, "ai.vantage:slurm:25.11:tar.gz:jammy",
                "ai.vantage:slurm:24.11:tar.gz:noble", "ai.vantage:slurm:25.11:tar.gz:noble-arm64");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            order.add(i);
        }
        Collections.shuffle(order);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i : order) {
            String coordinate = coordinates.get(i % coordinates.size());
            Instant time = OLD.plusSeconds(i);
            calls.add(threads.submit(() -> {
                try {
                    if (i % 3 == 0) {
                        ledger(false).check(coordinate, signed(time));
                    } else {
                        accept(false, coordinate, signed(time));
                    }
                } catch (VerificationException e) {
                    assertEquals(Reason.ROLLBACK, e.reason());
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(); // an OverlappingFileLockException or a malformed file fails here
        }
        threads.shutdown();
        for (int c = 0; c < coordinates.size(); c++) {
            int newest = 1999 - (1999 - c) % coordinates.size();
            if (newest % 3 == 0) {
                newest -= coordinates.size(); // a check does not record
            }
            Instant recorded = OLD.plusSeconds(newest);
            String coordinate = coordinates.get(c);
            accept(false, coordinate, signed(recorded));
            assertThrows(VerificationException.class,
                    () -> ledger(false).check(coordinate, signed(recorded.minusSeconds(1))), coordinate);
        }
    }

    @Test
    void twoProcessesRecordTheNewestTimeOfBoth() throws Exception {
        long first = OLD.getEpochSecond();
        Process other = ForkedWriter.start("ledger", dir.toString(), NOBLE, Long.toString(first), "600", "2");
        for (int i = 0; i < 600; i++) {
            try {
                accept(false, NOBLE, signed(Instant.ofEpochSecond(first + 1 + 2L * i)));
            } catch (VerificationException e) {
                assertEquals(Reason.ROLLBACK, e.reason());
            }
        }
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), "the other process failed");

        Instant newest = Instant.ofEpochSecond(first + 1 + 2L * 599);
        accept(false, NOBLE, signed(newest));
        assertThrows(VerificationException.class, () -> ledger(false).check(NOBLE, signed(newest.minusSeconds(1))));
    }

    @Test
    void aProcessKilledWhileWritingLeavesAReadableTime() throws Exception {
        for (int run = 0; run < 3; run++) {
            Process writer = ForkedWriter.start("ledger", dir.toString(), NOBLE,
                    Long.toString(OLD.getEpochSecond() + run * 10_000_000L), "0", "1");
            Path written = dir.resolve(NOBLE.replace(':', '_') + ".time");
            for (long end = System.nanoTime() + 60_000_000_000L; !Files.exists(written) && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
            Thread.sleep(50 + run * 70L); // then kill it at some moment of its write loop
            writer.destroyForcibly().waitFor();

            ledger(false).check(NOBLE, signed(NEW.plusSeconds(run * 10_000_000L))); // reads, throws if malformed
        }
    }

    @Test
    void anEmptyLedgerFileIsRefusedNotReadAsNoTime() throws Exception {
        accept(false, NOBLE, signed(NEW));
        try (var names = Files.list(dir)) {
            for (Path file : names.filter(p -> p.toString().endsWith(".time")).toList()) {
                Files.write(file, new byte[0]);
            }
        }

        IOException e = assertThrows(IOException.class, () -> ledger(false).check(NOBLE, signed(OLD)));
        assertTrue(e.getMessage().contains("not a time"), e.getMessage());
    }
}
