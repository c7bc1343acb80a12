package ai.vantage.maven.slurm.accept;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * What "this tarball may be used as this coordinate" means, in one order, for every path a tarball takes (the
 * transport, the post-processor, the installer, the bridge store and the offline mirror):
 * <ol>
 *   <li>the signature under today's trust: the check the caller ran over the bytes (pinned fingerprints, key
 *       strength, revocation and expiry), or its refusal, through {@link SignaturePolicy} (the allow-unsigned list);
 *   <li>the identity, where the bytes show it (series, architecture, toolchain); and for an exact release asked
 *       for ({@code 25.11.6}), always the release the tarball's own module file shows ({@link ReleaseShown}): another
 *       release, or none, is refused ({@link WrongReleaseException}), whatever a Spack index said before the
 *       download;
 *   <li>the signature-time memory: a signature older than the newest recorded is a rollback;
 *   <li>the lock ({@code slurm.lock}), where there is one;
 *   <li>the record: the signature time becomes the newest, when this acceptance records ({@link Memory#RECORD}).
 * </ol>
 * A refusal at any step stops the rest: nothing is recorded for bytes refused later on.
 */
public final class TarballAcceptance {

    /** What the signature-time memory does with an accepted signature. */
    public enum Memory {
        /** Compares only: for a caller that cannot tell whether the bytes are the build asked for (resolution). */
        CHECK,
        /** Compares, and records the time once every step passed (the installer; the bridge for what it serves). */
        RECORD
    }

    private final SignaturePolicy policy;
    private final SignatureTimeLedger signatureTimes;
    private final Memory memory;

    /**
     * @param policy today's allow-unsigned list
     * @param signatureTimes the newest signature time per coordinate
     * @param memory whether an accepted time is recorded
     */
    public TarballAcceptance(SignaturePolicy policy, SignatureTimeLedger signatureTimes, Memory memory) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.signatureTimes = Objects.requireNonNull(signatureTimes, "signatureTimes");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * Runs the steps for {@code tarball}.
     *
     * @return the signature outcome: verified, or used unverified with the warning to log
     * @throws VerificationException the refused signature, or {@link VerificationException.Reason#ROLLBACK}
     * @throws IOException the identity's refusal ({@code WrongBuildException}, {@link WrongReleaseException}), the
     *     lock's ({@link ai.vantage.maven.slurm.lock.LockMismatchException}), or a read failure
     */
    public SignatureOutcome accept(Candidate tarball) throws VerificationException, IOException {
        SlurmCoordinate coordinate = tarball.coordinate;
        SignatureOutcome signature = policy.apply(coordinate, tarball.signature);
        tarball.identity.check(signature);
        if (tarball.exact.isPresent()) {
            ReleaseShown shown = tarball.shown.get();
            if (!shown.release().map(held -> held.sameRelease(tarball.exact.get())).orElse(false)) {
                throw new WrongReleaseException(coordinate, tarball.exact.get(), shown,
                        signature.isVerified() ? "the signed tarball" : "the unsigned tarball");
            }
        }
        VerificationResult verified = signature.result().orElse(null);
        if (verified != null) {
            signatureTimes.check(coordinate.toString(), verified);
        }
        if (tarball.lock.entry(coordinate).isPresent()) {
            tarball.lock.check(coordinate, tarball.sha256.get());
        }
        if (verified != null && memory == Memory.RECORD) {
            signatureTimes.record(coordinate.toString(), verified);
        }
        return signature;
    }

    /** Step 2 as the caller's bytes show it. */
    @FunctionalInterface
    public interface Identity {
        /** No identity shown by the bytes (a tarball not unpacked). */
        Identity NOT_SHOWN = signature -> {};

        /**
         * @param signature step 1's outcome (the message may name a signed or an unsigned tarball)
         * @throws IOException when the bytes are another build, naming both
         */
        void check(SignatureOutcome signature) throws IOException, VerificationException;
    }

    /** The release the tarball's module file shows, asked for only when an exact release was. */
    @FunctionalInterface
    public interface Shown {
        ReleaseShown get() throws IOException;
    }

    /** The SHA-256 of the tarball's bytes, asked for only when its coordinate is locked. */
    @FunctionalInterface
    public interface Sha256 {
        String get() throws IOException;
    }

    /** A tarball offered as a coordinate: its signature check, and what its bytes show. */
    public static final class Candidate {
        private final SlurmCoordinate coordinate;
        private final SignaturePolicy.Check signature;
        private Identity identity = Identity.NOT_SHOWN;
        private Optional<ExactRelease> exact = Optional.empty();
        private Shown shown = () -> {
            throw new IllegalStateException("no module file read for an exact release");
        };
        private LockFile lock = LockFile.empty();
        private Sha256 sha256 = () -> {
            throw new IllegalStateException("no SHA-256 given for a locked tarball");
        };

        private Candidate(SlurmCoordinate coordinate, SignaturePolicy.Check signature) {
            this.coordinate = Objects.requireNonNull(coordinate, "coordinate");
            this.signature = Objects.requireNonNull(signature, "signature");
        }

        /**
         * The tarball of {@code coordinate} whose signature {@code signature} checks: the verifier's result over the
         * bytes, or its refusal (a missing signature is {@link VerificationException#noSignature}).
         */
        public static Candidate of(SlurmCoordinate coordinate, SignaturePolicy.Check signature) {
            return new Candidate(coordinate, signature);
        }

        /** The tarball of {@code coordinate} whose signature was refused (or is missing) before its bytes were read. */
        public static Candidate refused(SlurmCoordinate coordinate, VerificationException refusal) {
            return new Candidate(coordinate, () -> {
                throw refusal;
            });
        }

        /** The identity the bytes show. */
        public Candidate identity(Identity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * The exact release asked for ({@code 25.11.6}; empty for a series version, which asks nothing of
         * {@code shown}) and the release the tarball's module file shows, read in the caller's one pass over the bytes
         * ({@link ai.vantage.maven.slurm.release.ModuleFileScanner}) or remembered from it.
         */
        public Candidate exactRelease(Optional<ExactRelease> exact, Shown shown) {
            this.exact = Objects.requireNonNull(exact, "exact");
            this.shown = Objects.requireNonNull(shown, "shown");
            return this;
        }

        /** The lock the bytes are held to, and their SHA-256 (computed only if the coordinate is locked). */
        public Candidate lock(LockFile lock, Sha256 sha256) {
            this.lock = Objects.requireNonNull(lock, "lock");
            this.sha256 = Objects.requireNonNull(sha256, "sha256");
            return this;
        }
    }
}
