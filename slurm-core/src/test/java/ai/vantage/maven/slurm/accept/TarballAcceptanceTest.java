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
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.HeldReleases;
import ai.vantage.maven.slurm.release.ModuleFileRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private static final ExactRelease SIX = ExactRelease.ofMaven("25.11.6");
    private static final ReleaseShown SHOWS_SIX = ReleaseShown.of(ExactRelease.ofSpack("25-11-6-1"),
            ModuleFileRelease.MODULE_FOLDER + "25-11-6-1.lua");

    /** {@link #candidate} offered as {@code asked}, its module file showing {@code shown}. */
    private Candidate asRelease(Instant time, String asked, ReleaseShown shown) {
        return candidate(time).exactRelease(Optional.of(ExactRelease.ofMaven(asked)), () -> {
            steps.add("release");
            return shown;
        });
    }

    @Test
    void anExactReleaseIsAcceptedWhenTheModuleFileShowsIt() throws Exception {
        recording().accept(asRelease(NEW, "25.11.6", SHOWS_SIX));

        assertEquals(List.of("signature", "identity", "release"), steps);
    }

    @Test
    void anExactReleaseTheModuleFileContradictsIsRefusedNamingBothAndRecordsNothing() throws Exception {
        recording().accept(candidate(OLD));

        WrongReleaseException e = assertThrows(WrongReleaseException.class,
                () -> recording().accept(asRelease(NEW, "25.11.999", SHOWS_SIX)));

        assertEquals("25.11 for noble is now 25.11.6; pin 25.11.6 or use the series (asked for 25.11.999): the "
                + "signed tarball is Slurm 25.11.6 (its module file view/assets/modules/slurm/25-11-6-1.lua says so)",
                e.getMessage());
        assertEquals(Optional.of(SIX.series()), e.shown().release().map(ExactRelease::series));
        recording().accept(candidate(OLD.plusSeconds(1))); // NEW was not recorded
    }

    @Test
    void anExactReleaseWithoutAReadableModuleFileIsUnknownSoRefused() {
        ReleaseShown none = ReleaseShown.unknown("it has no module file view/assets/modules/slurm/<name>.lua");

        WrongReleaseException e = assertThrows(WrongReleaseException.class,
                () -> recording().accept(asRelease(NEW, "25.11.6", none)));

        assertTrue(e.getMessage().startsWith("Refusing ai.vantage:slurm:25.11:tar.gz:noble as Slurm 25.11.6: "
                + "the signed tarball cannot be proven to be that release: it has no module file"), e.getMessage());
        assertTrue(e.shown().release().isEmpty());
    }

    @Test
    void aSeriesVersionAsksNothingOfTheModuleFile() throws Exception {
        recording().accept(candidate(NEW).exactRelease(Optional.empty(), () -> {
            throw new AssertionError("the module file of a series version was asked for");
        }));
    }

    @Test
    void whatASpackIndexSaysBeforeTheDownloadNeverStandsForTheBytes() throws Exception {
        HeldReleases missingIndex = new HeldReleases(series -> Optional.empty());
        HeldReleases replayedIndex = new HeldReleases(series -> Optional.of(ExactRelease.ofSpack("25-11-7-1")));
        ExactRelease seven = ExactRelease.ofMaven("25.11.7");

        // no index: the series build is tried, and its bytes decide
        assertEquals(NOBLE, missingIndex.pin(ExactRelease.ofMaven("25.11.999"), "noble"));
        assertThrows(WrongReleaseException.class, () -> recording().accept(asRelease(NEW, "25.11.999", SHOWS_SIX)));
        // an old signed index replayed says 25.11.7 is still held: the bytes of 25.11.6 are not 25.11.7 all the same
        assertEquals(NOBLE, replayedIndex.pin(seven, "noble"));
        WrongReleaseException e = assertThrows(WrongReleaseException.class,
                () -> recording().accept(asRelease(NEW, "25.11.7", SHOWS_SIX)));
        assertTrue(e.getMessage().contains("is Slurm 25.11.6"), e.getMessage());
    }
}
