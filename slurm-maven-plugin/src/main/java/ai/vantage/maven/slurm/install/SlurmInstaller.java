package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Installs a Slurm tarball under a prefix: checks its signature (hashing it for the receipt in the same read), unpacks
 * it safely into a new release, switches {@code <prefix>/view} to it, and only then runs the install script. All of
 * it under the prefix's lock; a second install of the same file is a no-op.
 */
public final class SlurmInstaller {

    private final SignatureVerifier verifier;
    private final UnsignedAllowList allowUnsigned;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    public SlurmInstaller(
            SignatureVerifier verifier, UnsignedAllowList allowUnsigned, Consumer<String> info, Consumer<String> warn) {
        this.verifier = verifier;
        this.allowUnsigned = allowUnsigned;
        this.info = info;
        this.warn = warn;
    }

    /**
     * What to install and how.
     *
     * @param coordinate the build
     * @param tarball its file (in the local repository)
     * @param signature its {@code .asc}, or null when none was found
     * @param prefix the installation prefix
     * @param keepReleases releases kept besides the current one
     * @param maxUnpackedSize the most bytes the tarball may expand to
     * @param script the install script: absolute, or relative to the unpacked release root (e.g.
     *     {@code view/assets/slurm_assets/slurm_install.sh}); null for the one the tarball carries, if any
     * @param runScript whether to run a script at all
     * @param arguments the script's arguments
     * @param scriptTimeout the longest the script may run
     * @param force install again even when the receipt says this file is installed
     */
    public record Request(
            SlurmCoordinate coordinate,
            Path tarball,
            Path signature,
            Path prefix,
            int keepReleases,
            long maxUnpackedSize,
            Path script,
            boolean runScript,
            List<String> arguments,
            Duration scriptTimeout,
            boolean force) {}

    /** Whether {@code prefix} already holds {@code tarball} of {@code coordinate}, installed successfully. */
    public static boolean isInstalled(SlurmCoordinate coordinate, Path tarball, Path prefix) throws IOException {
        Optional<InstallReceipt> receipt = InstallReceipt.read(prefix);
        return receipt.isPresent() && Files.isRegularFile(tarball)
                && receipt.get().matches(coordinate.toString(), tarball)
                && Files.isDirectory(prefix.resolve("view"));
    }

    /**
     * Installs, or does nothing when the receipt shows the same file installed (unless forced).
     *
     * @return the receipt, empty when nothing was done
     * @throws VerificationException when the signature is refused: nothing was unpacked
     * @throws ScriptFailedException when the script failed: the new tree stays in place, the receipt records it
     */
    public Optional<InstallReceipt> install(Request request) throws IOException, VerificationException {
        AtomicInstaller installer = new AtomicInstaller(request.prefix(), request.keepReleases(), info);
        try {
            return installer.locked(() -> {
                if (!request.force() && isInstalled(request.coordinate(), request.tarball(), installer.prefix())) {
                    info.accept(request.coordinate() + " is already installed at " + installer.view() + " (receipt "
                            + InstallReceipt.FILE + "); nothing to do. -Dslurm.force=true installs again");
                    return Optional.empty();
                }
                try {
                    return Optional.of(installLocked(request, installer));
                } catch (VerificationException e) {
                    throw new VerificationFailure(e);
                }
            });
        } catch (VerificationFailure e) {
            throw (VerificationException) e.getCause();
        }
    }

    private InstallReceipt installLocked(Request request, AtomicInstaller installer)
            throws IOException, VerificationException {
        BasicFileAttributes verifiedFile = attributes(request.tarball());
        String signer = verify(request);
        // The receipt's SHA-256 is of the bytes unpacked, hashed on a second core while they are.
        Checksums sha256 = new Checksums(List.of("sha256"));
        String release = installer.install(request.coordinate().shortForm().replace(':', '-'), staging -> {
            SafeTarExtractor extractor = new SafeTarExtractor(request.maxUnpackedSize(), warn);
            try (BackgroundObserver background = new BackgroundObserver(sha256::update, "slurm-sha256");
                    InputStream in = new ObservedInputStream(Files.newInputStream(request.tarball()), background)) {
                SafeTarExtractor.Summary summary = extractor.extract(in, staging);
                in.transferTo(OutputStream.nullOutputStream()); // what follows the archive's end, for the hash
                background.finish();
                unchangedSinceVerified(request.tarball(), verifiedFile);
                info.accept("Unpacked " + summary.files() + " files, " + summary.links() + " links ("
                        + summary.bytes() / (1024 * 1024) + " MiB)");
            }
        });
        InstallReceipt receipt = new InstallReceipt(request.coordinate().toString(), sha256.hex().get("sha256"),
                verifiedFile.size(), verifiedFile.lastModifiedTime().toMillis(),
                signer, Instant.now().toString(), release, null, List.of(), null);
        receipt.write(installer.prefix());
        if (!request.runScript()) {
            return receipt;
        }
        Path releaseRoot = installer.prefix().resolve("releases").resolve(release);
        Optional<Path> script = request.script() != null
                ? Optional.of(releaseRoot.resolve(request.script()))
                : ScriptRunner.bundledScript(releaseRoot);
        if (script.isEmpty()) {
            info.accept("The tree carries no install script; none run");
            return receipt;
        }
        info.accept("Running " + script.get() + " " + String.join(" ", request.arguments()));
        ScriptRunner runner = new ScriptRunner(request.scriptTimeout(), line -> info.accept("[script] " + line));
        try {
            int exit = runner.run(script.get(), request.arguments(), installer.prefix());
            receipt = receipt.withScript(script.get().toString(), request.arguments(), exit);
            receipt.write(installer.prefix());
            return receipt;
        } catch (ScriptFailedException e) {
            receipt.withScript(script.get().toString(), request.arguments(), e.exitCode()).write(installer.prefix());
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
        AtomicInstaller installer = new AtomicInstaller(prefix, Integer.MAX_VALUE, log);
        return installer.locked(() -> {
            String release = installer.rollback();
            Files.deleteIfExists(installer.prefix().resolve(InstallReceipt.FILE));
            return release;
        });
    }

    /**
     * The signature check, streaming the tarball once.
     *
     * @return the fingerprint of the primary key that signed it; null when unsigned and allowed to be
     */
    private String verify(Request request) throws IOException, VerificationException {
        String name = request.coordinate().toString();
        try {
            if (request.signature() == null || !Files.isRegularFile(request.signature())) {
                throw VerificationException.noSignature(name, request.tarball() + ".asc");
            }
            VerificationResult result;
            try (InputStream asc = Files.newInputStream(request.signature())) {
                result = verifier.verify(name, request.tarball(), asc);
            }
            info.accept("Verified " + name + ": signed by " + result.primaryFingerprint() + " on "
                    + result.signatureTime());
            return result.primaryFingerprint();
        } catch (VerificationException e) {
            refuseUnlessAllowed(request.coordinate(), e);
            return null;
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    /** Refuses to switch to a tree unpacked from a file that was replaced or rewritten after it verified. */
    private static void unchangedSinceVerified(Path tarball, BasicFileAttributes verified) throws IOException {
        BasicFileAttributes now = attributes(tarball);
        if (now.size() != verified.size() || !now.lastModifiedTime().equals(verified.lastModifiedTime())
                || !Objects.equals(now.fileKey(), verified.fileKey())) {
            throw new IOException(tarball + " changed while it was being installed (after its signature was "
                    + "checked); nothing was switched. Run the build again");
        }
    }

    private void refuseUnlessAllowed(SlurmCoordinate coordinate, VerificationException e)
            throws VerificationException {
        if (!allowUnsigned.allows(coordinate)) {
            throw e;
        }
        warn.accept(allowUnsigned.warning(coordinate, e));
    }

    /** Carries a refusal through {@link AtomicInstaller#locked}. */
    private static final class VerificationFailure extends IOException {
        private static final long serialVersionUID = 1L;

        VerificationFailure(VerificationException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
