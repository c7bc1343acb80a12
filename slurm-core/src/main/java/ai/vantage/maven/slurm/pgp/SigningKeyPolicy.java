package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * What a document signature and its key must satisfy beyond the key being pinned: strong hash and key, no
 * revocation, made while the key (and subkey) was valid, not in the future; a subkey must be bound to the primary
 * key for signing, with a back-signature. Only self-signatures that verify count.
 */
final class SigningKeyPolicy {

    /**
     * How far a signature's creation time may be ahead of this machine's clock: 5 minutes, for clocks that are not
     * perfectly in step.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The smallest RSA, DSA or ElGamal key accepted, in bits. */
    static final int MIN_FACTORING_KEY_BITS = 2048;

    private static final Set<Integer> STRONG_HASHES = Set.of(HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
            HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_256, HashAlgorithmTags.SHA3_512);

    private static final Set<Integer> FACTORING_KEYS = Set.of(PublicKeyAlgorithmTags.RSA_GENERAL,
            PublicKeyAlgorithmTags.RSA_SIGN, PublicKeyAlgorithmTags.DSA, PublicKeyAlgorithmTags.ELGAMAL_GENERAL);

    private static final PGPContentVerifierBuilderProvider VERIFIERS = new BcPGPContentVerifierBuilderProvider();

    private final String artifact;

    SigningKeyPolicy(String artifact) {
        this.artifact = artifact;
    }

    /** Checks {@code signature} by {@code signer}, a key of {@code ring}, at {@code now}. */
    void check(PGPSignature signature, PGPPublicKeyRing ring, PGPPublicKey signer, Instant now)
            throws VerificationException {
        PGPPublicKey primary = ring.getPublicKey();
        String signerFingerprint = KeyMaterial.fingerprint(signer);
        Instant signed = signature.getCreationTime().toInstant();

        if (!STRONG_HASHES.contains(signature.getHashAlgorithm())) {
            throw refuse(Reason.WEAK_HASH, signerFingerprint, "its signature hashes with " + hashName(signature)
                    + ", which is too weak to trust (MD5, SHA-1 and RIPEMD-160 are refused); the build must be "
                    + "re-signed with SHA-256 or stronger (gpg --digest-algo SHA512)");
        }
        if (FACTORING_KEYS.contains(signer.getAlgorithm()) && signer.getBitStrength() < MIN_FACTORING_KEY_BITS) {
            throw refuse(Reason.WEAK_KEY, signerFingerprint, "it is signed by a " + signer.getBitStrength()
                    + "-bit " + algorithmName(signer) + " key; keys under " + MIN_FACTORING_KEY_BITS
                    + " bits are refused (use RSA >= 2048, Ed25519 or ECDSA)");
        }

        PGPSignature primarySelf = latestSelfSignature(primary);
        if (primarySelf == null) {
            throw refuse(Reason.UNTRUSTED_KEY, KeyMaterial.fingerprint(primary), "pinned key "
                    + KeyMaterial.fingerprint(primary) + " has no valid self-signature in the key material found");
        }
        if (hasRevocation(primary, PGPSignature.KEY_REVOCATION, primary, null)) {
            throw refuse(Reason.KEY_REVOKED, KeyMaterial.fingerprint(primary), "its signing key "
                    + KeyMaterial.fingerprint(primary) + " has been revoked by its owner; do not use builds signed "
                    + "by it, and pin the owner's new key");
        }
        checkExpiry(primary, primarySelf, signed, "key");

        if (signer == primary) {
            checkSigningFlag(primarySelf, signerFingerprint, "key");
        } else {
            PGPSignature binding = latestBinding(primary, signer);
            if (binding == null) {
                throw refuse(Reason.UNTRUSTED_KEY, signerFingerprint, "its signing subkey " + signerFingerprint
                        + " has no valid binding signature from the pinned key " + KeyMaterial.fingerprint(primary));
            }
            if (hasRevocation(signer, PGPSignature.SUBKEY_REVOCATION, primary, signer)) {
                throw refuse(Reason.KEY_REVOKED, signerFingerprint, "its signing subkey " + signerFingerprint
                        + " of key " + KeyMaterial.fingerprint(primary) + " has been revoked by its owner");
            }
            checkSigningFlag(binding, signerFingerprint, "subkey");
            if (!hasBackSignature(binding, primary, signer)) {
                throw refuse(Reason.UNTRUSTED_KEY, signerFingerprint, "its signing subkey " + signerFingerprint
                        + " lacks the back-signature (cross-certification) that proves it belongs to key "
                        + KeyMaterial.fingerprint(primary));
            }
            checkExpiry(signer, binding, signed, "subkey");
        }

        if (signed.isBefore(signer.getCreationTime().toInstant())) {
            throw refuse(Reason.SIGNATURE_BEFORE_KEY, signerFingerprint, "its signature claims to be made at "
                    + signed + ", before its signing key " + signerFingerprint + " was created ("
                    + signer.getCreationTime().toInstant() + ")");
        }
        if (signed.isAfter(now.plus(CLOCK_SKEW))) {
            throw refuse(Reason.SIGNATURE_IN_FUTURE, signerFingerprint, "its signature claims to be made at "
                    + signed + ", later than now (" + now + ", allowing " + CLOCK_SKEW.toMinutes()
                    + " minutes of clock skew); check this machine's clock");
        }
    }

    private void checkExpiry(PGPPublicKey key, PGPSignature selfSignature, Instant signed, String what)
            throws VerificationException {
        long validSeconds = selfSignature.getHashedSubPackets() == null
                ? 0
                : selfSignature.getHashedSubPackets().getKeyExpirationTime();
        if (validSeconds <= 0) {
            return;
        }
        Instant expired = key.getCreationTime().toInstant().plusSeconds(validSeconds);
        if (signed.isAfter(expired)) {
            String fingerprint = KeyMaterial.fingerprint(key);
            throw refuse(Reason.KEY_EXPIRED, fingerprint, "its signature was made at " + signed + ", after its signing "
                    + what + " " + fingerprint + " expired (" + expired + ")");
        }
    }

    private void checkSigningFlag(PGPSignature selfSignature, String fingerprint, String what)
            throws VerificationException {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        int flags = hashed == null ? 0 : hashed.getKeyFlags();
        if (flags != 0 && (flags & KeyFlags.SIGN_DATA) == 0) {
            throw refuse(Reason.UNTRUSTED_KEY, fingerprint, "its signing " + what + " " + fingerprint
                    + " is not marked for signing data");
        }
    }

    /** The newest user-id certification or direct-key signature of {@code primary} by itself that verifies. */
    private static PGPSignature latestSelfSignature(PGPPublicKey primary) {
        PGPSignature latest = null;
        for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
            byte[] id = ids.next();
            for (Iterator<PGPSignature> sigs = primary.getSignaturesForID(id); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (isCertification(sig) && sig.getKeyID() == primary.getKeyID()
                        && verifies(() -> sig.verifyCertification(id, primary), sig, primary)) {
                    latest = newer(latest, sig);
                }
            }
        }
        for (Iterator<PGPSignature> sigs = primary.getSignaturesOfType(PGPSignature.DIRECT_KEY); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (sig.getKeyID() == primary.getKeyID() && verifies(() -> sig.verifyCertification(primary), sig, primary)) {
                latest = newer(latest, sig);
            }
        }
        return latest;
    }

    private static PGPSignature latestBinding(PGPPublicKey primary, PGPPublicKey subkey) {
        PGPSignature latest = null;
        for (Iterator<PGPSignature> sigs = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (sig.getKeyID() == primary.getKeyID()
                    && verifies(() -> sig.verifyCertification(primary, subkey), sig, primary)) {
                latest = newer(latest, sig);
            }
        }
        return latest;
    }

    private static boolean hasRevocation(PGPPublicKey key, int type, PGPPublicKey primary, PGPPublicKey subkey) {
        for (Iterator<PGPSignature> sigs = key.getSignaturesOfType(type); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (sig.getKeyID() == primary.getKeyID() && verifies(
                    () -> subkey == null ? sig.verifyCertification(primary) : sig.verifyCertification(primary, subkey),
                    sig, primary)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBackSignature(PGPSignature binding, PGPPublicKey primary, PGPPublicKey subkey) {
        for (PGPSignatureSubpacketVector packets :
                new PGPSignatureSubpacketVector[] {binding.getHashedSubPackets(), binding.getUnhashedSubPackets()}) {
            if (packets == null) {
                continue;
            }
            PGPSignatureList embedded;
            try {
                embedded = packets.getEmbeddedSignatures();
            } catch (PGPException e) {
                continue;
            }
            for (PGPSignature sig : embedded) {
                if (sig.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
                        && verifies(() -> sig.verifyCertification(primary, subkey), sig, subkey)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isCertification(PGPSignature sig) {
        int type = sig.getSignatureType();
        return type == PGPSignature.DEFAULT_CERTIFICATION || type == PGPSignature.NO_CERTIFICATION
                || type == PGPSignature.CASUAL_CERTIFICATION || type == PGPSignature.POSITIVE_CERTIFICATION;
    }

    private static PGPSignature newer(PGPSignature current, PGPSignature candidate) {
        return current == null || candidate.getCreationTime().after(current.getCreationTime()) ? candidate : current;
    }

    /** A signature's verification, once initialised with the key that made it. */
    interface Check {
        boolean run() throws PGPException;
    }

    /** Whether {@code check} passes for {@code sig} made by {@code by}; a malformed signature does not. */
    static boolean verifies(Check check, PGPSignature sig, PGPPublicKey by) {
        try {
            sig.init(VERIFIERS, by);
            return check.run();
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private VerificationException refuse(Reason reason, String fingerprint, String why) {
        return new VerificationException(
                reason, artifact, fingerprint, "Refusing " + artifact + " (signing key " + fingerprint + "): " + why);
    }

    static String hashName(PGPSignature signature) {
        try {
            return PGPUtil.getDigestName(signature.getHashAlgorithm());
        } catch (PGPException e) {
            return "hash algorithm " + signature.getHashAlgorithm();
        }
    }

    private static String algorithmName(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN -> "RSA";
            case PublicKeyAlgorithmTags.DSA -> "DSA";
            default -> "ElGamal";
        };
    }
}
