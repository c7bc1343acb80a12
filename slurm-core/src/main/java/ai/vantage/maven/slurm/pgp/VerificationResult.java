package ai.vantage.maven.slurm.pgp;

import java.time.Instant;

/**
 * A signature that verified.
 *
 * @param artifact the artifact's display name as the caller gave it
 * @param signerFingerprint the fingerprint of the key that made the signature (a subkey or the primary key)
 * @param primaryFingerprint the fingerprint of the pinned primary key it belongs to
 * @param signatureTime when the signature was made, by the signer's clock
 * @param hashAlgorithm the signature's hash algorithm, e.g. {@code SHA512}
 */
public record VerificationResult(
        String artifact, String signerFingerprint, String primaryFingerprint, Instant signatureTime,
        String hashAlgorithm) {

    /** True when a subkey, not the primary key itself, made the signature. */
    public boolean bySubkey() {
        return !signerFingerprint.equals(primaryFingerprint);
    }

    /** The log line: {@code Verified <artifact>: signed by <primary> (subkey <signer>) on <time>}. */
    public String describe() {
        return "Verified " + artifact + ": signed by " + primaryFingerprint
                + (bySubkey() ? " (subkey " + signerFingerprint + ")" : "") + " on " + signatureTime;
    }
}
