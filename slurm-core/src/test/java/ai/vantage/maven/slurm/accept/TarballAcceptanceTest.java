package ai.vantage.maven.slurm.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.accept.TarballAcceptance.Memory;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each step of the one acceptance rule, each refusal, and that a refusal stops the steps after it. */
class TarballAcceptanceTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.parse("25.11:noble");
    private static final Instant OLD = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant NEW = Instant.parse("2026-06-01T08:00:00Z");
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    private final List<String> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private TarballAcceptance acceptance(Memory memory, String allowUnsigned, boolean allowDowngrade) {
        return new TarballAcceptance(new SignaturePolicy(UnsignedAllowList.parse("slurm.pgp.allowUnsigned", allowUnsigned)),
                new SignatureTimeLedger(dir, allowDowngrade, warnings::add), memory);
    }

    private TarballAcceptance recording() {
        return acceptance(Memory.RECORD, "", false);
    }

    private static VerificationResult signed(Instant time) {
        return new VerificationResult(NOBLE.toString(), "AA".repeat(20), "AA".repeat(20), time, "SHA512");
    }

    /** A candidate signed at {@code time} that notes each step it is asked for. */
    private Candidate candidate(Instant time) {
        return Candidate.of(NOBLE, () -> {
            steps.add("signature");
            return signed(time);
        }).identity(signature -> steps.add("identity"));
    }

    private static LockFile locked(String sha256) {
        return LockFile.empty().with(new LockEntry(NOBLE, sha256, 1, "AA".repeat(20), NEW, null));
    }

    @Test
    void aGoodTarballPassesEveryStepInOrderAndItsTimeIsRecorded() throws Exception {
        SignatureOutcome outcome = recording().accept(candidate(NEW).lock(locked(SHA), () -> {
            steps.add("sha256");
            return SHA;
        }));

        assertTrue(outcome.isVerified());
        assertEquals(List.of("signature", "identity", "sha256"), steps);
        VerificationException e = assertThrows(VerificationException.class, () -> recording().accept(candidate(OLD)));
        assertEquals(Reason.ROLLBACK, e.reason(), "NEW was recorded");
    }

    @Test
    void aMissingOrRefusedSignatureIsRefusedBeforeAnyOtherStep() {
        VerificationException refusal = VerificationException.noSignature(NOBLE.toString(), "file.asc");

        VerificationException e = assertThrows(VerificationException.class, () -> recording().accept(
                Candidate.refused(NOBLE, refusal).identity(signature -> steps.add("identity"))));

        assertSame(refusal, e);
        assertEquals(List.of(), steps);
    }

    @Test
    void aBuildAllowedUnsignedIsUsedWithTheWarningAndStillHeldToItsIdentityAndLock() throws Exception {
        TarballAcceptance allowing = acceptance(Memory.RECORD, NOBLE.shortForm(), false);
        Candidate unsigned = Candidate.refused(NOBLE, VerificationException.noSignature(NOBLE.toString(), "file.asc"));

        SignatureOutcome outcome = allowing.accept(unsigned.identity(signature -> steps.add("identity")));

        assertFalse(outcome.isVerified());
        assertTrue(outcome.message().startsWith("USING AN UNVERIFIED BUILD"), outcome.message());
        assertEquals(List.of("identity"), steps);
        VerificationException missing = VerificationException.noSignature(NOBLE.toString(), "file.asc");
        assertThrows(LockMismatchException.class, () -> allowing.accept(
                Candidate.refused(NOBLE, missing).lock(locked(SHA), () -> "b".repeat(64))));
    }

    @Test
    void anotherBuildIsRefusedBeforeItsTimeIsComparedOrRecorded() throws Exception {
        recording().accept(candidate(OLD));
        IOException wrong = new IOException("the tree is Slurm 24.11, not 25.11");

        IOException e = assertThrows(IOException.class,
                () -> recording().accept(Candidate.of(NOBLE, () -> signed(NEW)).identity(signature -> {
                    throw wrong;
                })));

        assertSame(wrong, e);
        recording().accept(candidate(OLD.plusSeconds(1))); // NEW was not recorded
    }

    @Test
    void aRollbackIsRefusedBeforeTheLockIsAsked() throws Exception {
        recording().accept(candidate(NEW));
        steps.clear();

        VerificationException e = assertThrows(VerificationException.class,
                () -> recording().accept(candidate(OLD).lock(locked(SHA), () -> {
                    steps.add("sha256");
                    return "b".repeat(64);
                })));

        assertEquals(Reason.ROLLBACK, e.reason());
        assertTrue(e.getMessage().contains(OLD.toString()) && e.getMessage().contains(NEW.toString()), e.getMessage());
        assertEquals(List.of("signature", "identity"), steps);
    }

    @Test
    void anAllowedDowngradeIsAcceptedOnceLoudlyAndBecomesTheNewest() throws Exception {
        recording().accept(candidate(NEW));

        acceptance(Memory.RECORD, "", true).accept(candidate(OLD));

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("DOWNGRADE accepted"), warnings.get(0));
        recording().accept(candidate(OLD)); // the next one needs no override
    }

    @Test
    void bytesOtherThanTheLockedOnesAreRefusedAndRecordNothing() throws Exception {
        LockMismatchException e = assertThrows(LockMismatchException.class,
                () -> recording().accept(candidate(NEW).lock(locked(SHA), () -> "b".repeat(64))));

        assertTrue(e.getMessage().contains("run slurm:lock"), e.getMessage());
        recording().accept(candidate(OLD)); // NEW was not recorded
    }

    @Test
    void anUnlockedCoordinateNeverComputesItsSha256() throws Exception {
        recording().accept(candidate(NEW).lock(LockFile.empty(), () -> {
            throw new AssertionError("the SHA-256 of an unlocked tarball was asked for");
        }));
    }

    @Test
    void anAcceptanceThatOnlyChecksRecordsNothing() throws Exception {
        TarballAcceptance checking = acceptance(Memory.CHECK, "", false);
        recording().accept(candidate(OLD.plusSeconds(10)));

        checking.accept(candidate(NEW));
        assertThrows(VerificationException.class, () -> checking.accept(candidate(OLD)));

        recording().accept(candidate(OLD.plusSeconds(20))); // NEW was only checked
    }
}
