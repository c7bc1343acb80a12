package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
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
 * Whether a prefix already holds a build, installed successfully and still trusted today — the whole of a no-op
 * install. It needs only the receipt, the pinned fingerprints and the unsigned allow-list, not the signature
 * machinery, so a no-op install loads no OpenPGP code.
 */
public final class InstalledCheck {

    private final TrustedKeys trusted;
    private final SignaturePolicy policy;
    private final Map<SlurmCoordinate, ExactRelease> exactReleases;
    private final Consumer<String> info;

    /**
     * @param trusted the keys pinned today
     * @param policy which builds may be unsigned today
     * @param exactReleases the exact releases asked for, by the series build they map to
     * @param info told why a receipt of these bytes no longer counts
     */
    public InstalledCheck(TrustedKeys trusted, SignaturePolicy policy,
            Map<SlurmCoordinate, ExactRelease> exactReleases, Consumer<String> info) {
        this.trusted = trusted;
        this.policy = policy;
        this.exactReleases = Map.copyOf(exactReleases);
        this.info = info;
    }

    /**
     * Whether {@code prefix} holds {@code tarball} of {@code coordinate}, installed successfully and still trusted
     * today: its signer is pinned now (or it is unsigned and its coordinate still allowed unsigned), it is the exact
     * release asked for, if one was, and {@code <prefix>/view} still points at its release. Says why not when a
     * receipt of these bytes exists.
     */
    public boolean isInstalled(SlurmCoordinate coordinate, Path tarball, Path prefix) throws IOException {
        Optional<InstallReceipt> receipt = InstallReceipt.read(prefix);
        if (receipt.isEmpty() || !Files.isRegularFile(tarball) || !receipt.get().matches(coordinate.toString(), tarball)) {
            return false;
        }
        Optional<String> stale = stale(coordinate, receipt.get(), prefix);
        stale.ifPresent(why -> info.accept(coordinate + " was installed at " + prefix.resolve("view") + ", but " + why
                + ": verifying and installing it again"));
        return stale.isEmpty();
    }

    private Optional<String> stale(SlurmCoordinate coordinate, InstallReceipt receipt, Path prefix) throws IOException {
        String signer = receipt.signerFingerprint();
        if (signer == null && !policy.allowsUnsigned(coordinate)) {
            return Optional.of("it was installed unsigned and is no longer allowed unsigned (slurm.pgp.allowUnsigned)");
        }
        if (signer != null && !trusted.contains(signer)) {
            return Optional.of("its signer " + signer + " is no longer pinned (pinned now: " + trusted + ")");
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
