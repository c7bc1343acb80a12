package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.TarballPipe;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.session.SharedSession.StreamedBytes;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one read of a Slurm tarball: the same bytes go to the signature check, the SHA-256 and a consumer (the safe
 * extractor, which notes the {@link BuildIdentity} as it writes, or an inspection that writes nothing) — as they
 * download, when they stream through this process ({@link TarballSource#fetch}; then the fetcher's check of those very
 * bytes counts, so they are hashed once), else from the fetched file. The
 * result counts only when the signature of exactly those bytes verified, the tree is the build asked for (and the
 * exact release asked for, if one was), the bytes are the locked ones and the signature is not older than one accepted
 * before. {@code slurm:verify} and {@code slurm:lock} use it alone; {@link SlurmInstaller} to unpack into staging.
 */
public final class TarballReader {

    private final Supplier<SignatureVerifier> verifierSource;
    private SignatureVerifier verifier;
    private final SignaturePolicy policy;
    private final TarballAcceptance acceptance;
    private final Consumer<String> info;
    private final Consumer<String> warn;
    private Set<String> verifiedInThisBuild = Set.of();
    private Consumer<String> debug = line -> {};
    private Map<SlurmCoordinate, ExactRelease> exactReleases = Map.of();

    /**
     * @param verifier checks signatures against today's pinned keys: asked for when a signature is to be checked here,
     *     so a read whose bytes the fetcher vouched for loads no OpenPGP code
     * @param policy whether a build refused today may still be used ({@code slurm.pgp.allowUnsigned})
     * @param signatureTimes the newest signature time accepted per coordinate (rollback protection)
     * @param info told of each step
     * @param warn told of what was allowed against the rules
     */
    public TarballReader(Supplier<SignatureVerifier> verifier, SignaturePolicy policy,
            SignatureTimeLedger signatureTimes, Consumer<String> info, Consumer<String> warn) {
        this.verifierSource = verifier;
        this.policy = policy;
        this.acceptance = new TarballAcceptance(policy, signatureTimes, TarballAcceptance.Memory.RECORD);
        this.info = info;
        this.warn = warn;
    }

    /**
     * Files whose signature the extension verified earlier in this build ({@link VerifiedFiles}): they are verified
     * again all the same, but their "Verified …" line goes to {@code debug} as "re-checked", so a build says it once.
     *
     * @return this reader
     */
    public TarballReader verifiedInThisBuild(Set<String> identities, Consumer<String> debug) {
        this.verifiedInThisBuild = identities;
        this.debug = debug;
        return this;
    }

    /**
     * The exact releases asked for, by the series build they map to ({@code -Dslurm.version=25.11.6} for noble:
     * {@code 25.11:noble} → {@code 25.11.6}): the tree of such a build must be that release, as its module file shows
     * in the one read ({@link TarballAcceptance}'s identity step).
     *
     * @return this reader
     */
    public TarballReader exactReleases(Map<SlurmCoordinate, ExactRelease> releases) {
        this.exactReleases = Map.copyOf(releases);
        return this;
    }

    /**
     * Checks a tarball without installing it: its signature, its signature time against the newest accepted, and
     * that its tree is the build asked for, all in one read that writes nothing.
     *
     * @return what was read; its signer is null when the tarball was allowed unsigned
     */
    public TarballRead verify(SlurmCoordinate coordinate, Path tarball, Optional<Path> signature)
            throws IOException, VerificationException {
        return verify(coordinate, tarball, signature, LockFile.empty());
    }

    /**
     * {@link #verify(SlurmCoordinate, Path, Optional)}, and the bytes must be the ones {@code lock} holds.
     *
     * @throws ai.vantage.maven.slurm.lock.LockMismatchException when they are not: no signature time is recorded
     */
    public TarballRead verify(SlurmCoordinate coordinate, Path tarball, Optional<Path> signature, LockFile lock)
            throws IOException, VerificationException {
        BuildIdentity identity = new BuildIdentity();
        return readFile(coordinate, tarball, signature, identity, lock, in -> SafeTarExtractor.read(in, identity));
    }

    /**
     * Unpacks the tarball {@code source} fetches into {@code staging} in the one read: while it downloads when its
     * {@code .asc} is at hand and the bytes stream through this process, else from the fetched file.
     *
     * @return what was read
     */
    TarballRead unpack(SlurmCoordinate coordinate, TarballSource source, LockFile lock, SafeTarExtractor extractor,
            Path staging) throws IOException, VerificationException {
        Optional<Path> signature = source.signature();
        // without a signature nothing can be checked as the bytes arrive: fetch, then the one read of the file
        return signature.isPresent() ? unpackAsItArrives(coordinate, source, signature, lock, extractor, staging)
                : unpackFile(coordinate, source.fetch(null), signature, lock, extractor, staging);
    }

    /** The one read of a tarball on disk: verify, hash and unpack into {@code staging}. */
    private TarballRead unpackFile(SlurmCoordinate coordinate, Path tarball, Optional<Path> signature, LockFile lock,
            SafeTarExtractor extractor, Path staging) throws IOException, VerificationException {
        BuildIdentity identity = new BuildIdentity();
        SafeTarExtractor.Summary[] summary = new SafeTarExtractor.Summary[1];
        TarballRead read = readFile(coordinate, tarball, signature, identity, lock,
                in -> summary[0] = extractor.extract(in, staging, identity));
        unpacked(summary[0], "");
        return read;
    }

    /**
     * Fetches the tarball and, while its bytes arrive, unpacks the same bytes into {@code staging} on a thread of its
     * own. Accepted only when the fetch completed (the fetcher's own checks passed) and the signature of exactly the
     * bytes unpacked verified: in the fetcher's read of them, which it hands over with the pipe
     * ({@link TarballSource#verifiedAsStreamed}), so the bytes are hashed once; or here, as they arrive, for a build
     * allowed unsigned. When the bytes did not stream through this process (a repository manager, a copy found locally
     * meanwhile), the fetcher did not vouch for them, or they expand beyond the bound of unverified bytes before they
     * are verified ({@link SafeTarExtractor#untilVerified}), the staging folder is emptied and the fetched file read
     * once instead.
     */
    private TarballRead unpackAsItArrives(SlurmCoordinate coordinate, TarballSource source, Optional<Path> signature,
            LockFile lock, SafeTarExtractor extractor, Path staging) throws IOException, VerificationException {
        TarballPipe pipe = new TarballPipe(coordinate.toString());
        BuildIdentity identity = new BuildIdentity();
        SafeTarExtractor.Summary[] summary = new SafeTarExtractor.Summary[1];
        SafeTarExtractor streamed = extractor.untilVerified(pipe::completed);
        Consumption unpacking = in -> summary[0] = streamed.extract(in, staging, identity);
        boolean checkHere = policy.allowsUnsigned(coordinate); // the fetcher vouches only for signed bytes
        FutureTask<TarballRead> unpack = new FutureTask<>(() -> {
            pipe.awaitWriter(); // the signing key is in the key cache once the download is open
            return checkHere ? read(coordinate, pipe::input, coordinate.toString(), signature, identity, lock,
                    unpacking, pipe::completed) : readVouched(coordinate, source, pipe, identity, lock, unpacking);
        });
        Thread unpacker = new Thread(unpack, "slurm-unpack " + coordinate);
        unpacker.setDaemon(true);
        unpacker.start();
        Path tarball;
        try {
            tarball = source.fetch(pipe);
        } finally {
            pipe.writerDone();
            awaitQuietly(unpack); // the unpack stops writing into staging before anything deletes it
        }
        if (!pipe.completed()) {
            return unpackFileInstead(coordinate, tarball, signature, lock, extractor, staging);
        }
        TarballRead read;
        try {
            read = result(unpack);
        } catch (UnverifiedExpansionException bound) {
            info.accept(bound.getMessage() + "; unpacking the downloaded file now that its signature verified");
            return unpackFileInstead(coordinate, tarball, signature, lock, extractor, staging);
        } catch (NotVouchedException unchecked) {
            info.accept(unchecked.getMessage() + "; unpacking the downloaded file with its own check");
            return unpackFileInstead(coordinate, tarball, signature, lock, extractor, staging);
        }
        unpacked(summary[0], " as it downloaded");
        long modified = Files.getLastModifiedTime(tarball).toMillis();
        return read.withModified(Files.size(tarball) == read.size() ? modified : 0);
    }

    /**
     * The one read of the bytes {@code pipe} streams, hashed no second time: the fetcher's check of exactly these
     * bytes (their count, SHA-256 and verified signature, handed over once the pipe completed) goes through the same
     * {@link TarballAcceptance} as a check made here.
     *
     * @throws NotVouchedException when the fetcher handed over no check of these bytes
     */
    private TarballRead readVouched(SlurmCoordinate coordinate, TarballSource source, TarballPipe pipe,
            BuildIdentity identity, LockFile lock, Consumption consumption) throws IOException, VerificationException {
        Consumed consumed = consume(pipe::input, null, consumption);
        if (consumed.failure() instanceof UnverifiedExpansionException bound) {
            throw bound;
        }
        StreamedBytes vouched = source.verifiedAsStreamed(pipe).filter(bytes -> bytes.size() == consumed.size())
                .orElseThrow(() -> new NotVouchedException("The fetcher handed over no signature check of the "
                        + consumed.size() + " bytes of " + coordinate + " it streamed"));
        SignatureOutcome outcome = acceptance.accept(Candidate.of(coordinate, vouched::signature)
                .identity(signed -> {
                    consumed.rethrowFailure();
                    identity.check(coordinate, "the signed tarball");
                }).exactRelease(Optional.ofNullable(exactReleases.get(coordinate)), identity::shown)
                .lock(lock, vouched::sha256));
        debug.accept(coordinate + " unpacked as it downloaded, not hashed again (the transport verified these bytes): "
                + outcome.message());
        return new TarballRead(vouched.sha256(), consumed.size(), 0, vouched.signature().primaryFingerprint(),
                vouched.signature().signatureTime(), identity.release().orElse(null));
    }

    /** The fetcher handed over no check of the bytes it streamed: they are read again from the file, and checked. */
    private static final class NotVouchedException extends IOException {
        private static final long serialVersionUID = 1L;

        NotVouchedException(String message) {
            super(message);
        }
    }

    /** Empties {@code staging} of what the streamed unpack wrote, then reads the fetched file once. */
    private TarballRead unpackFileInstead(SlurmCoordinate coordinate, Path tarball, Optional<Path> signature,
            LockFile lock, SafeTarExtractor extractor, Path staging) throws IOException, VerificationException {
        ReleaseDirectory.delete(staging);
        Files.createDirectories(staging);
        return unpackFile(coordinate, tarball, signature, lock, extractor, staging);
    }

    private void unpacked(SafeTarExtractor.Summary summary, String how) {
        info.accept("Unpacked " + summary.files() + " files, " + summary.links() + " links ("
                + summary.bytes() / (1024 * 1024) + " MiB)" + how);
    }

    private static void awaitQuietly(FutureTask<TarballRead> unpack) {
        boolean interrupted = false;
        while (true) {
            try {
                unpack.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // its failure is for result() to report
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static TarballRead result(FutureTask<TarballRead> unpack) throws IOException, VerificationException {
        try {
            return unpack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while unpacking", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof VerificationException refused) {
                throw refused;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** Consumes the tarball's bytes (unpacking or inspecting them); need not read to the end. */
    @FunctionalInterface
    private interface Consumption {
        void consume(InputStream tarball) throws IOException;
    }

    /** Opens the tarball's bytes, once. */
    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** {@link #read} of a file; the receipt's time is the file's from before it was opened, if its size held. */
    private TarballRead readFile(SlurmCoordinate coordinate, Path tarball, Optional<Path> signature,
            BuildIdentity identity, LockFile lock, Consumption consumption) throws IOException, VerificationException {
        long modified = Files.getLastModifiedTime(tarball).toMillis();
        boolean seen = VerifiedFiles.identity(tarball).map(verifiedInThisBuild::contains).orElse(false);
        // FileInputStream, not Files.newInputStream: the latter's available() seeks, which fails on a pipe
        TarballRead read = read(coordinate, () -> new FileInputStream(tarball.toFile()), tarball.toString(), signature,
                identity, lock, consumption, () -> seen);
        return read.withModified(Files.size(tarball) == read.size() ? modified : 0);
    }

    /**
     * The one read: opens the tarball once and feeds the same bytes to the signature check and the SHA-256 (on
     * another core) and to {@code consumption}; then the result counts only when {@link TarballAcceptance} accepts
     * it: the signature of exactly those bytes, the tree is the build asked for, the signature time, the lock, and
     * only then the time is recorded (so another build cannot raise the bar).
     *
     * @param name where the tarball is, for messages
     * @param seen whether the extension verified these bytes earlier in this build, asked once they are read
     * @return what was read, its time 0
     */
    private TarballRead read(SlurmCoordinate coordinate, Opener tarball, String name, Optional<Path> signature,
            BuildIdentity identity, LockFile lock, Consumption consumption, BooleanSupplier seen)
            throws IOException, VerificationException {
        VerificationException[] refused = new VerificationException[1];
        SignatureCheck check = begin(coordinate, name, signature, refused);
        Checksums sha256 = new Checksums(List.of("sha256"));
        ObservedInputStream.Observer observer = sha256::update;
        if (check != null) {
            observer = observer.andThen(check::update);
        }
        Consumed consumed = consume(tarball, observer, consumption);
        String digest = sha256.hex().get("sha256");
        SignatureOutcome outcome = acceptance.accept(Candidate.of(coordinate, () -> {
            if (check == null) {
                throw refused[0];
            }
            try {
                return check.finish();
            } catch (VerificationException e) {
                if (consumed.failure() != null) {
                    e.addSuppressed(consumed.failure());
                }
                throw e;
            }
        }).identity(signed -> {
            consumed.rethrowFailure();
            identity.check(coordinate, signed.isVerified() ? "the signed tarball" : "the unsigned tarball");
        }).exactRelease(Optional.ofNullable(exactReleases.get(coordinate)), identity::shown).lock(lock, () -> digest));
        log(coordinate, outcome, seen.getAsBoolean());
        VerificationResult verified = outcome.result().orElse(null);
        return new TarballRead(digest, consumed.size(), 0, verified == null ? null : verified.primaryFingerprint(),
                verified == null ? null : verified.signatureTime(), identity.release().orElse(null));
    }

    /** What one read found before any check: how many bytes there were, and why the consumer failed, if it did. */
    private record Consumed(long size, IOException failure) {
        /** The consumer's failure, if any: a damaged file (its signature says so more precisely, if it is signed). */
        void rethrowFailure() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Opens the tarball once and feeds its bytes to {@code consumption}, then reads what follows the archive's end
     * (signed too); {@code observer} sees every byte on another core, when there is one.
     */
    private static Consumed consume(Opener tarball, ObservedInputStream.Observer observer, Consumption consumption)
            throws IOException {
        long[] size = {0};
        ObservedInputStream.Observer counter = (bytes, off, len) -> size[0] += len;
        IOException failure = null;
        try (InputStream file = tarball.open();
                BackgroundObserver background = observer == null ? null
                        : new BackgroundObserver(counter.andThen(observer), "slurm-verify");
                InputStream in = new ObservedInputStream(file, background == null ? counter : background)) {
            try {
                consumption.consume(in);
            } catch (IOException e) {
                failure = e;
            }
            in.transferTo(OutputStream.nullOutputStream());
            if (background != null) {
                background.finish();
            }
        }
        return new Consumed(size[0], failure);
    }

    /** The verifier, made on first use. */
    private synchronized SignatureVerifier verifier() {
        if (verifier == null) {
            verifier = verifierSource.get();
        }
        return verifier;
    }

    /**
     * Reads the {@code .asc} and checks what needs no data; null when there is none or it is refused, the refusal in
     * {@code refused[0]} for the acceptance to decide on.
     *
     * @throws VerificationException the refusal, at once, unless the build is allowed unsigned
     */
    private SignatureCheck begin(SlurmCoordinate coordinate, String tarball, Optional<Path> signature,
            VerificationException[] refused) throws IOException, VerificationException {
        try {
            if (signature.isEmpty() || !Files.isRegularFile(signature.get())) {
                throw VerificationException.noSignature(coordinate.toString(), tarball + ".asc");
            }
            try (InputStream asc = Files.newInputStream(signature.get())) {
                return verifier().begin(coordinate.toString(), asc);
            }
        } catch (VerificationException e) {
            policy.refused(coordinate, e); // nothing is read of a build refused and not allowed unsigned
            refused[0] = e;
            return null;
        }
    }

    /**
     * Logs the signature's outcome: the allowed-unsigned warning, or "Verified …" — at debug level as re-checked when
     * the extension verified the same file earlier in this build ({@code seen}).
     */
    private void log(SlurmCoordinate coordinate, SignatureOutcome outcome, boolean seen) {
        if (!outcome.isVerified()) {
            warn.accept(outcome.message());
        } else if (seen) {
            debug.accept(coordinate + " re-checked in the same read as the unpacking (the extension verified this file "
                    + "earlier in this build): " + outcome.message());
        } else {
            info.accept(outcome.message());
        }
    }
}
