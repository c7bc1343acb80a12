package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Whether a prefix already holds a build, installed successfully, still trusted today and still the bytes
 * {@code slurm.lock} names — the whole of a no-op install. It needs only the receipt, the pinned fingerprints, the
 * unsigned allow-list and the lock, not the signature machinery, so a no-op install loads no OpenPGP code.
 */
public final class InstalledCheck {

    private final TrustedKeys trusted;
    private final SignaturePolicy policy;
    private final Map<SlurmCoordinate, ExactRelease> exactReleases;
    private final LockFile lock;
    private final Consumer<String> info;

    /**
     * @param trusted the keys pinned today
     * @param policy which builds may be unsigned today
     * @param exactReleases the exact releases asked for, by the series build they map to
     * @param lock the project's {@code slurm.lock} ({@link LockFile#empty()} when there is none)
     * @param info told why a receipt of these bytes no longer counts
     */
    public InstalledCheck(TrustedKeys trusted, SignaturePolicy policy,
            Map<SlurmCoordinate, ExactRelease> exactReleases, LockFile lock, Consumer<String> info) {
        this.trusted = trusted;
        this.policy = policy;
        this.exactReleases = Map.copyOf(exactReleases);
        this.lock = lock;
        this.info = info;
    }

    /**
     * Whether {@code prefix} holds {@code tarball} of {@code coordinate}, installed successfully and still trusted
     * today: its signer is pinned now (or it is unsigned and its coordinate still allowed unsigned), its bytes are
     * the ones the lock names, if it names any, it is the exact release asked for, if one was, and
     * {@code <prefix>/view} still points at its release. Says why not when a receipt of these bytes exists.
     */
    public boolean isInstalled(SlurmCoordinate coordinate, Path tarball, Path prefix) throws IOException {
        Optional<InstallReceipt> receipt = InstallReceipt.read(prefix);
        if (receipt.isEmpty() || !Files.isRegularFile(tarball) || !receipt.get().matches(coordinate.toString(), tarball)) {
            return false;
        }
        Optional<String> stale = stale(coordinate, receipt.get(), prefix);
        stale.ifPresent(why -> info.accept(coordinate + " was installed at " + prefix.resolve("view") + ", but " + why
                + ": verifying and installing " + (lockedOtherThan(coordinate, receipt.get().sha256()).isPresent()
                        ? "the locked build" : "it again")));
        return stale.isEmpty();
    }

    /**
     * Whether {@code tarball}, the local repository's copy of {@code coordinate}, holds other bytes than the lock
     * names: then the locked build is to be fetched anew rather than this copy installed. Its SHA-256 comes from the
     * receipt when that describes this very file, else from reading the file. Says so when it does.
     */
    public boolean localCopyIsNotTheLockedBuild(SlurmCoordinate coordinate, Path tarball, Path prefix)
            throws IOException {
        if (lock.entry(coordinate).isEmpty() || !Files.isRegularFile(tarball)) {
            return false;
        }
        Optional<InstallReceipt> receipt = InstallReceipt.read(prefix);
        String sha256 = receipt.isPresent() && receipt.get().matches(coordinate.toString(), tarball)
                ? receipt.get().sha256() : Checksums.sha256(tarball);
        Optional<String> locked = lockedOtherThan(coordinate, sha256);
        locked.ifPresent(other -> info.accept("The local repository's copy of " + coordinate + " is sha256 " + sha256
                + ", but " + LockFile.FILE_NAME + " names sha256 " + other + ": fetching the locked build"));
        return locked.isPresent();
    }

    /** The SHA-256 the lock names for {@code coordinate}, when it names one other than {@code sha256}. */
    private Optional<String> lockedOtherThan(SlurmCoordinate coordinate, String sha256) {
        return lock.entry(coordinate).map(LockEntry::sha256).filter(locked -> !locked.equalsIgnoreCase(sha256));
    }

    private Optional<String> stale(SlurmCoordinate coordinate, InstallReceipt receipt, Path prefix) throws IOException {
        String signer = receipt.signerFingerprint();
        if (signer == null && !policy.allowsUnsigned(coordinate)) {
            return Optional.of("it was installed unsigned and is no longer allowed unsigned (slurm.pgp.allowUnsigned)");
        }
        if (signer != null && !trusted.contains(signer)) {
            return Optional.of("its signer " + signer + " is no longer pinned (pinned now: " + trusted + ")");
        }
        Optional<String> locked = lockedOtherThan(coordinate, receipt.sha256());
        if (locked.isPresent()) {
            return Optional.of("the lock now names sha256 " + locked.get() + ", the installed build is sha256 "
                    + receipt.sha256() + " (" + LockFile.FILE_NAME + ")");
        }
        ExactRelease exact = exactReleases.get(coordinate);
        if (exact != null && !exact.mavenVersion().equals(receipt.slurmRelease())) {
            return Optional.of("it is Slurm " + Optional.ofNullable(receipt.slurmRelease())
                    .orElse("of no known release") + ", not the " + exact + " asked for");
        }
        Optional<String> current = new ReleaseDirectory(prefix, 0, info).current();
        if (!current.equals(Optional.of(receipt.release()))) {
            return Optional.of(prefix.resolve("view") + " points at " + current.map(id -> "release " + id)
                    .orElse("no release of slurm:install") + ", not at the receipt's release " + receipt.release());
        }
        return Optional.empty();
    }
}
