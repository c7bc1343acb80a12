package ai.vantage.maven.slurm.pgp;

import java.util.Objects;

/**
 * A refused signature: why ({@link #reason()}), for which artifact, and by which key when one is known. The message
 * names all three and says what to do.
 */
public final class VerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a signature was refused; each has its own message and remedy in {@code docs/security.md}. */
    public enum Reason {
        /** The artifact has no {@code .asc} beside it. */
        NO_SIGNATURE,
        /** The {@code .asc} is not a detached signature (garbage, a key, a clearsigned message). */
        NOT_A_SIGNATURE,
        /** The bytes do not match the signature: the artifact or the signature was altered. */
        BAD_SIGNATURE,
        /** The signing key is not one of the pinned keys, nor a signing subkey bound to one. */
        UNTRUSTED_KEY,
        /** No public key material for the signing key was found in any key source. */
        UNKNOWN_KEY,
        /** The signature was made after the key or subkey expired. */
        KEY_EXPIRED,
        /** The key or the subkey carries a revocation signature. */
        KEY_REVOKED,
        /** The signature claims a creation time before the signing key existed. */
        SIGNATURE_BEFORE_KEY,
        /** The signature claims a creation time later than now plus the allowed clock skew. */
        SIGNATURE_IN_FUTURE,
        /** The signature hashes with MD5, SHA-1 or RIPEMD-160. */
        WEAK_HASH,
        /** The signing key is too short (RSA, DSA or ElGamal under 2048 bits). */
        WEAK_KEY,
        /** The signature is older than the newest one already accepted for the same coordinate. */
        ROLLBACK
    }

    private final Reason reason;
    private final String artifact;
    private final String keyFingerprint;

    VerificationException(Reason reason, String artifact, String keyFingerprint, String message) {
        this(reason, artifact, keyFingerprint, message, null);
    }

    VerificationException(Reason reason, String artifact, String keyFingerprint, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.artifact = artifact;
        this.keyFingerprint = keyFingerprint;
    }

    /**
     * The refusal for an artifact whose {@code .asc} is missing.
     *
     * @param artifact the artifact's display name, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble}
     * @param lookedAt where the signature was looked for (a URL or a path)
     */
    public static VerificationException noSignature(String artifact, String lookedAt) {
        return new VerificationException(Reason.NO_SIGNATURE, artifact, null, "Refusing " + artifact
                + ": it has no PGP signature (looked for " + lookedAt + "). Every Slurm build must come with its "
                + "detached .asc signature; for a private test build only, allow it with "
                + "-Dslurm.pgp.allowUnsigned=<series>:<classifier>");
    }

    public Reason reason() {
        return reason;
    }

    /** The artifact's display name as the caller gave it. */
    public String artifact() {
        return artifact;
    }

    /**
     * The fingerprint (40 hex digits) of the key concerned, or its 16-hex key id when no key material was found, or
     * null when the refusal concerns no key.
     */
    public String keyFingerprint() {
        return keyFingerprint;
    }
}
