package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.TarballPipe;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Installs a Slurm tarball under a prefix, reading it once: the same bytes go to the signature check, the receipt's
 * SHA-256 and the safe extractor (which notes the {@link BuildIdentity} as it writes) — as they download, when they
 * stream through this process ({@link TarballSource#fetch}), else from the fetched file. The new release is switched
 * to only when the fetch completed, the signature of exactly those bytes verified, the tree is the build asked for and
 * its signature is not older than one accepted before; only then does the install script run. All of it under the
 * prefix's lock, fetching included; a second install of the same file, under the same trust, is a no-op.
 */
public final class SlurmInstaller {

    /** How often a long unpack reports its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final SignatureVerifier verifier;
    private final SignaturePolicy policy;
    private final SignatureTimeLedger signatureTimes;
    private final Consumer<String> info;
    private final Consumer<String> warn;
    private Set<String> verifiedInThisBuild = Set.of();
    private Consumer<String> debug = line -> {};
    private Map<SlurmCoordinate, ExactRelease> exactReleases = Map.of();

    /**
     * @param verifier checks signatures against today's pinned keys
     * @param policy whether a build refused today may still be used ({@code slurm.pgp.allowUnsigned})
     * @param signatureTimes the newest signature time accepted per coordinate (rollback protection)
     * @param info told of each step
     * @param warn told of what was allowed against the rules
     */
    public SlurmInstaller(SignatureVerifier verifier, SignaturePolicy policy,
            SignatureTimeLedger signatureTimes, Consumer<String> info, Consumer<String> warn) {
        this.verifier = verifier;
        this.policy = policy;
        this.signatureTimes = signatureTimes;
        this.info = info;
        this.warn = warn;
    }

    /**
     * Files whose signature the extension verified earlier in this build ({@link VerifiedFiles}): they are verified
     * again all the same, but their "Verified …" line goes to {@code debug} as "re-checked", so a build says it once.
     *
     * @return this installer
     */
    public SlurmInstaller verifiedInThisBuild(Set<String> identities, Consumer<String> debug) {
        this.verifiedInThisBuild = identities;
        this.debug = debug;
        return this;
    }

    /**
     * The exact releases asked for, by the series build they map to ({@code -Dslurm.version=25.11.6} for noble:
     * {@code 25.11:noble} → {@code 25.11.6}): the tree of such a build must be that release, checked with the other
     * identity checks after the one read, and an installed tree of another release is not "already installed".
     *
     * @return this installer
     */
    public SlurmInstaller exactReleases(Map<SlurmCoordinate, ExactRelease> releases) {
        this.exactReleases = Map.copyOf(releases);
        return this;
    }

    /** The install script to run after the switch, and how. */
    public record Script(Optional<Path> path, List<String> arguments, Duration timeout) {

        /**
         * The script at {@code path}: absolute, or relative to the unpacked release root (e.g.
         * {@code view/assets/slurm_assets/slurm_install.sh}).
         */
        public static Script at(Path path, List<String> arguments, Duration timeout) {
            return new Script(Optional.of(path), List.copyOf(arguments), timeout);
        }

        /** The script the tarball carries, if any. */
        public static Script bundled(List<String> arguments, Duration timeout) {
            return new Script(Optional.empty(), List.copyOf(arguments), timeout);
        }
    }

    /** What to install and how; built with {@link #of}. */
    public static final class Request {
        private final SlurmCoordinate coordinate;
        private final Path tarball;
        private final TarballSource source;
        private final Path prefix;
        private Optional<Path> signature = Optional.empty();
        private int keepReleases = 1;
        private long maxUnpackedSize = Long.MAX_VALUE;
        private Optional<Script> script = Optional.empty();
        private boolean force;
        private LockFile lock = LockFile.empty();

        private Request(SlurmCoordinate coordinate, Path tarball, TarballSource source, Path prefix) {
            this.coordinate = Objects.requireNonNull(coordinate, "coordinate");
            this.tarball = tarball;
            this.source = source;
            this.prefix = Objects.requireNonNull(prefix, "prefix");
        }

        /** A request to install {@code tarball} of {@code coordinate} under {@code prefix}: no script, no force. */
        public static Request of(SlurmCoordinate coordinate, Path tarball, Path prefix) {
            return new Request(coordinate, Objects.requireNonNull(tarball, "tarball"), null, prefix);
        }

        /**
         * A request to install the tarball of {@code coordinate} that {@code source} fetches, under the prefix's lock
         * (and unpacks as it arrives, when it streams through this process): no script, no force.
         */
        public static Request of(SlurmCoordinate coordinate, TarballSource source, Path prefix) {
            return new Request(coordinate, null, Objects.requireNonNull(source, "source"), prefix);
        }

        /** The tarball's {@code .asc}, for a request of a file; without one it installs only when allowed unsigned. */
        public Request signature(Path asc) {
            this.signature = Optional.of(asc);
            return this;
        }

        private TarballSource source() {
            return source != null ? source : TarballSource.file(tarball, signature);
        }

        /** Releases kept besides the current one (1 by default). */
        public Request keepReleases(int releases) {
            this.keepReleases = releases;
            return this;
        }

        /** The most bytes the tarball may expand to. */
        public Request maxUnpackedSize(long bytes) {
            this.maxUnpackedSize = bytes;
            return this;
        }

        /** Runs {@code script} after the switch. */
        public Request script(Script script) {
            this.script = Optional.of(script);
            return this;
        }

        /** Installs only bytes {@code lock} accepts ({@code slurm.lock}); by default nothing is locked. */
        public Request lock(LockFile lock) {
            this.lock = Objects.requireNonNull(lock, "lock");
            return this;
        }

        /** Installs again even when the receipt says this file is installed. */
        public Request force(boolean force) {
            this.force = force;
            return this;
        }
    }

    /** {@link InstalledCheck#isInstalled} under this installer's trust and exact releases, with no lock. */
    public boolean isInstalled(SlurmCoordinate coordinate, Path tarball, Path prefix) throws IOException {
        return installedCheck(LockFile.empty()).isInstalled(coordinate, tarball, prefix);
    }

    private InstalledCheck installedCheck(LockFile lock) {
        return new InstalledCheck(verifier.trusted(), policy, exactReleases, lock, info);
    }

    /**
     * Installs, or does nothing when the receipt shows the same file installed under today's trust (unless forced).
     *
     * @return the receipt, empty when nothing was done
     * @throws VerificationException when the signature is refused: nothing was switched, nothing run
     * @throws WrongBuildException when the tree is another build than the one asked for: nothing switched or run
     * @throws ai.vantage.maven.slurm.lock.LockMismatchException when the bytes are not the locked ones: nothing
     *     switched or run
     * @throws ScriptFailedException when the script failed: the new tree stays in place, the receipt records it
     */
    public Optional<InstallReceipt> install(Request request) throws IOException, VerificationException {
        ReleaseDirectory releases = new ReleaseDirectory(request.prefix, request.keepReleases, info);
        TarballSource source = request.source();
        return releases.locked(() -> {
            Optional<Path> local = source.local();
            if (!request.force && local.isPresent() && installedCheck(request.lock)
                    .isInstalled(request.coordinate, local.get(), releases.prefix())) {
                info.accept(request.coordinate + " is already installed at " + releases.view() + " (receipt "
                        + InstallReceipt.FILE + "); nothing to do. -Dslurm.force=true installs again");
                return Optional.empty();
            }
            return Optional.of(installLocked(request, source, releases));
        });
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

    private InstallReceipt installLocked(Request request, TarballSource source, ReleaseDirectory releases)
            throws IOException, VerificationException {
        Optional<Path> signature = source.signature();
        TarballRead[] read = new TarballRead[1];
        String release = releases.install(request.coordinate.shortForm().replace(':', '-'), staging -> {
            // without a signature nothing can be checked as the bytes arrive: fetch, then the one read of the file
            read[0] = signature.isPresent() ? unpackAsItArrives(request, source, signature, staging)
                    : unpackFile(request, source.fetch(null), signature, staging);
        });
        InstallReceipt receipt = InstallReceipt.installed(request.coordinate.toString(), read[0], release);
        receipt.write(releases.prefix());
        if (request.script.isEmpty()) {
            return receipt;
        }
        Script wanted = request.script.get();
        Path releaseRoot = releases.prefix().resolve("releases").resolve(release);
        Optional<Path> script = wanted.path().isPresent()
                ? Optional.of(releaseRoot.resolve(wanted.path().get()))
                : ScriptRunner.bundledScript(releaseRoot);
        if (script.isEmpty()) {
            info.accept("The tree carries no install script; none run");
            return receipt;
        }
        info.accept("Running " + script.get() + " " + String.join(" ", wanted.arguments()));
        ScriptRunner runner = new ScriptRunner(wanted.timeout(), line -> info.accept("[script] " + line));
        try {
            int exit = runner.run(script.get(), wanted.arguments(), releases.prefix());
            receipt = receipt.withScript(script.get().toString(), wanted.arguments(), exit);
            receipt.write(releases.prefix());
            return receipt;
        } catch (ScriptFailedException e) {
            receipt.withScript(script.get().toString(), wanted.arguments(), e.exitCode()).write(releases.prefix());
            throw e;
        }
    }

    /** The one read of a tarball on disk: verify, hash and unpack into {@code staging}. */
    private TarballRead unpackFile(Request request, Path tarball, Optional<Path> signature, Path staging)
            throws IOException, VerificationException {
        BuildIdentity identity = new BuildIdentity();
        SafeTarExtractor.Summary[] summary = new SafeTarExtractor.Summary[1];
        SafeTarExtractor extractor = extractor(request);
        TarballRead read = readFile(request.coordinate, tarball, signature, identity, request.lock,
                in -> summary[0] = extractor.extract(in, staging, identity));
        unpacked(summary[0], "");
        return read;
    }

    /**
     * Fetches the tarball and, while its bytes arrive, verifies, hashes and unpacks the same bytes into
     * {@code staging} on a thread of its own. Accepted only when the fetch completed (the fetcher's own checks passed),
     * the signature of exactly the bytes unpacked verified here, and the tree is the build asked for. When the bytes
     * did not stream through this process (a repository manager, a copy found locally meanwhile), or they expand
     * beyond the bound of unverified bytes before they are verified ({@link SafeTarExtractor#untilVerified}), the
     * staging folder is emptied and the fetched file read once instead.
     */
    private TarballRead unpackAsItArrives(Request request, TarballSource source, Optional<Path> signature,
            Path staging) throws IOException, VerificationException {
        TarballPipe pipe = new TarballPipe(request.coordinate.toString());
        BuildIdentity identity = new BuildIdentity();
        SafeTarExtractor.Summary[] summary = new SafeTarExtractor.Summary[1];
        SafeTarExtractor extractor = extractor(request).untilVerified(pipe::completed);
        // the fetcher verified these very bytes in this build once the pipe completed: say it once
        FutureTask<TarballRead> unpack = new FutureTask<>(() -> {
            pipe.awaitWriter(); // the signing key is in the key cache once the download is open
            return read(request.coordinate, pipe::input, request.coordinate.toString(), signature, identity,
                    request.lock, in -> summary[0] = extractor.extract(in, staging, identity), pipe::completed);
        });
        Thread unpacker = new Thread(unpack, "slurm-unpack " + request.coordinate);
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
            return unpackFileInstead(request, tarball, signature, staging);
        }
        TarballRead read;
        try {
            read = result(unpack);
        } catch (UnverifiedExpansionException bound) {
            info.accept(bound.getMessage() + "; unpacking the downloaded file now that its signature verified");
            return unpackFileInstead(request, tarball, signature, staging);
        }
        unpacked(summary[0], " as it downloaded");
        long modified = Files.getLastModifiedTime(tarball).toMillis();
        return read.withModified(Files.size(tarball) == read.size() ? modified : 0);
    }

    /** Empties {@code staging} of what the streamed unpack wrote, then reads the fetched file once. */
    private TarballRead unpackFileInstead(Request request, Path tarball, Optional<Path> signature, Path staging)
            throws IOException, VerificationException {
        ReleaseDirectory.delete(staging);
        Files.createDirectories(staging);
        return unpackFile(request, tarball, signature, staging);
    }

    private SafeTarExtractor extractor(Request request) {
        return new SafeTarExtractor(request.maxUnpackedSize, warn, info, PROGRESS_EVERY);
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

    /**
     * Switches {@code <prefix>/view} back to the previous release and drops the receipt, so the next install
     * installs again.
     *
     * @return the release switched to
     */
    public static String rollback(Path prefix, Consumer<String> log) throws IOException {
        ReleaseDirectory releases = new ReleaseDirectory(prefix, Integer.MAX_VALUE, log);
        return releases.locked(() -> {
            String release = releases.rollback();
            Files.deleteIfExists(releases.prefix().resolve(InstallReceipt.FILE));
            return release;
        });
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
     * another core) and to {@code consumption}; then accepts the result only if the signature of exactly those bytes
     * verified, the tree is the build asked for, the bytes are the ones {@code lock} holds, and the signature is not
     * older than one accepted before.
     *
     * @param name where the tarball is, for messages
     * @param seen whether the extension verified these bytes earlier in this build, asked once they are read
     * @return what was read, its time 0
     */
    private TarballRead read(SlurmCoordinate coordinate, Opener tarball, String name, Optional<Path> signature,
            BuildIdentity identity, LockFile lock, Consumption consumption, BooleanSupplier seen)
            throws IOException, VerificationException {
        SignatureCheck check = begin(coordinate, name, signature);
        Checksums sha256 = new Checksums(List.of("sha256"));
        long[] size = {0};
        ObservedInputStream.Observer observer = (bytes, off, len) -> size[0] += len;
        observer = observer.andThen(sha256::update);
        if (check != null) {
            observer = observer.andThen(check::update);
        }
        IOException unpackFailure = null;
        try (InputStream file = tarball.open();
                BackgroundObserver background = new BackgroundObserver(observer, "slurm-verify");
                InputStream in = new ObservedInputStream(file, background)) {
            try {
                consumption.consume(in);
            } catch (IOException e) {
                unpackFailure = e; // a damaged file: its signature says so more precisely, if it is signed
            }
            in.transferTo(OutputStream.nullOutputStream()); // what follows the archive's end is signed too
            background.finish();
        }
        VerificationResult verified = finish(coordinate, check, unpackFailure, seen.getAsBoolean());
        if (unpackFailure != null) {
            throw unpackFailure;
        }
        identity.check(coordinate, Optional.ofNullable(exactReleases.get(coordinate)),
                verified == null ? "the unsigned tarball" : "the signed tarball");
        String digest = sha256.hex().get("sha256");
        lock.check(coordinate, digest); // before the switch, and a refused rebuild raises no bar
        if (verified != null) { // only once the tree proved to be this build, so another build cannot raise the bar
            signatureTimes.check(coordinate.toString(), verified);
            signatureTimes.record(coordinate.toString(), verified);
        }
        return new TarballRead(digest, size[0], 0, verified == null ? null : verified.primaryFingerprint(),
                verified == null ? null : verified.signatureTime(), identity.release().orElse(null));
    }

    /** Reads the {@code .asc} and checks what needs no data; null when unsigned (or unusable) and allowed to be. */
    private SignatureCheck begin(SlurmCoordinate coordinate, String tarball, Optional<Path> signature)
            throws IOException, VerificationException {
        try {
            if (signature.isEmpty() || !Files.isRegularFile(signature.get())) {
                throw VerificationException.noSignature(coordinate.toString(), tarball + ".asc");
            }
            try (InputStream asc = Files.newInputStream(signature.get())) {
                return verifier.begin(coordinate.toString(), asc);
            }
        } catch (VerificationException e) {
            refuseUnlessAllowed(coordinate, e);
            return null;
        }
    }

    /**
     * The signature of the bytes read; null when unsigned and allowed to be. Logged at debug level as re-checked when
     * the extension verified the same file earlier in this build ({@code seen}).
     */
    private VerificationResult finish(SlurmCoordinate coordinate, SignatureCheck check, IOException unpackFailure,
            boolean seen) throws IOException, VerificationException {
        if (check == null) {
            return null;
        }
        VerificationResult result;
        try {
            result = check.finish();
        } catch (VerificationException e) {
            if (unpackFailure != null) {
                e.addSuppressed(unpackFailure);
            }
            refuseUnlessAllowed(coordinate, e);
            return null;
        }
        if (seen) {
            debug.accept(coordinate + " re-checked in the same read as the unpacking (the extension verified this file "
                    + "earlier in this build): " + result.describe());
        } else {
            info.accept(result.describe());
        }
        return result;
    }

    private void refuseUnlessAllowed(SlurmCoordinate coordinate, VerificationException e)
            throws VerificationException {
        warn.accept(policy.refused(coordinate, e).message());
    }
}
