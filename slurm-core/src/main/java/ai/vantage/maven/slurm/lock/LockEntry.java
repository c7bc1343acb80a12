package ai.vantage.maven.slurm.lock;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code slurm.lock} records of one artifact {@code ai.vantage:slurm:<series>:tar.gz:<classifier>}: the bytes
 * (sha256 and size) and, for review, who signed them, when, and the exact Slurm release they are when known.
 *
 * @param coordinate the artifact
 * @param sha256 64 lower-case hex digits
 * @param size in bytes
 * @param signer the fingerprint of the pinned primary key that signed it
 * @param signatureTime when it was signed
 * @param release the exact Slurm release, or null when unknown
 * @param sbomSha256 the sha256 of the build's SBOM the lock keeps beside it, or null when it keeps none
 */
public record LockEntry(
        SlurmCoordinate coordinate, String sha256, long size, String signer, Instant signatureTime,
        ExactRelease release, String sbomSha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    public LockEntry {
        Objects.requireNonNull(coordinate, "coordinate");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Lock entry " + coordinate + ": sha256 must be 64 lower-case hex "
                    + "digits, is '" + sha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Lock entry " + coordinate + ": negative size " + size);
        }
        if (signer == null || !FINGERPRINT.matcher(signer).matches()) {
            throw new IllegalArgumentException("Lock entry " + coordinate + ": signer must be a fingerprint of 40 "
                    + "upper-case hex digits, is '" + signer + "'");
        }
        Objects.requireNonNull(signatureTime, "signatureTime");
        if (release != null && !release.series().equals(coordinate.series())) {
            throw new IllegalArgumentException("Lock entry " + coordinate + ": release " + release
                    + " is not of series " + coordinate.series());
        }
        if (sbomSha256 != null && !SHA256.matcher(sbomSha256).matches()) {
            throw new IllegalArgumentException("Lock entry " + coordinate + ": sbomSha256 must be 64 lower-case hex "
                    + "digits, is '" + sbomSha256 + "'");
        }
    }

    /** An entry without an SBOM. */
    public LockEntry(SlurmCoordinate coordinate, String sha256, long size, String signer, Instant signatureTime,
            ExactRelease release) {
        this(coordinate, sha256, size, signer, signatureTime, release, null);
    }

    /** The same entry, keeping the SBOM whose sha256 is {@code sha256}. */
    public LockEntry withSbom(String sha256) {
        return new LockEntry(coordinate, this.sha256, size, signer, signatureTime, release, sha256);
    }

    /** The sha256 of the SBOM the lock keeps, when it keeps one. */
    public Optional<String> sbom() {
        return Optional.ofNullable(sbomSha256);
    }

    /** The entry for bytes whose signature verified as {@code signature}. */
    public static LockEntry of(SlurmCoordinate coordinate, String sha256, long size, VerificationResult signature,
            ExactRelease release) {
        return new LockEntry(coordinate, sha256, size, signature.primaryFingerprint(), signature.signatureTime(),
                release);
    }

    /** The exact release, when known. */
    public Optional<ExactRelease> exactRelease() {
        return Optional.ofNullable(release);
    }
}
