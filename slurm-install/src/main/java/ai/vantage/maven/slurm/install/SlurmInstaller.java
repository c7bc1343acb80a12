package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Installs a Slurm tarball under a prefix, all of it under the prefix's lock, fetching included: the one
 * already-installed check ({@link InstalledCheck}: a second install of the same file, under the same trust, is a
 * no-op), then the one read of the tarball into a new staging folder ({@link TarballReader}), the switch of
 * {@code <prefix>/view} to it ({@link ReleaseDirectory}) only when that read accepted the bytes, the receipt
 * ({@link InstallReceipt}) and the install script ({@link ScriptRunner}), which runs only after the switch.
 */
public final class SlurmInstaller {

    /** How often a long unpack reports its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final InstalledCheck installed;
    private final Supplier<TarballReader> reader;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    /**
     * @param installed whether the prefix holds the build already, under today's trust and {@code slurm.lock} (the one
     *     no-op check), and whether the local copy is the locked build
     * @param reader the one read, asked for only when there is something to install (so a no-op builds no verifier)
     * @param info told of each step
     * @param warn told of what was allowed against the rules
     */
    public SlurmInstaller(InstalledCheck installed, Supplier<TarballReader> reader, Consumer<String> info,
            Consumer<String> warn) {
        this.installed = installed;
        this.reader = reader;
        this.info = info;
        this.warn = warn;
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
        private String description;
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

        /** How the build is named in the log, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble (Slurm 25.11.6)}. */
        public Request describedAs(String description) {
            this.description = description;
            return this;
        }

        /** Installs again even when the receipt says this file is installed. */
        public Request force(boolean force) {
            this.force = force;
            return this;
        }
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
        if (alreadyInstalled(request, source, releases)) { // a finished install needs no lock: a user may not have it
            return Optional.empty();
        }
        // again under the lock: a concurrent install may have installed it meanwhile
        return releases.locked(() -> alreadyInstalled(request, source, releases) ? Optional.empty()
                : Optional.of(installLocked(request, source, releases)));
    }

    /** Whether the receipt shows the local copy of the tarball installed under today's trust; says so if it is. */
    private boolean alreadyInstalled(Request request, TarballSource source, ReleaseDirectory releases)
            throws IOException {
        Optional<Path> local = source.local();
        if (request.force || local.isEmpty()
                || !installed.isInstalled(request.coordinate, local.get(), releases.prefix())) {
            return false;
        }
        info.accept(request.coordinate + " is already installed at " + releases.view() + " (receipt "
                + InstallReceipt.FILE + "); nothing to do. -Dslurm.force=true installs again");
        return true;
    }

    private InstallReceipt installLocked(Request request, TarballSource source, ReleaseDirectory releases)
            throws IOException, VerificationException {
        info.accept("Installing " + Objects.requireNonNullElse(request.description, request.coordinate.toString())
                + " into " + releases.view());
        Optional<Path> local = source.local();
        if (local.isPresent() && installed.localCopyIsNotTheLockedBuild(request.coordinate, local.get(),
                releases.prefix())) {
            source.dropLocal();
        }
        TarballReader tarballs = reader.get();
        SafeTarExtractor extractor = new SafeTarExtractor(request.maxUnpackedSize, warn, info, PROGRESS_EVERY);
        TarballRead[] read = new TarballRead[1];
        String release = releases.install(request.coordinate.shortForm().replace(':', '-'), staging ->
                read[0] = tarballs.unpack(request.coordinate, source, request.lock, extractor, staging));
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
}
