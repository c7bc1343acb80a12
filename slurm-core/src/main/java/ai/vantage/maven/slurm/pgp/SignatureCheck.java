package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * One signature being checked against an artifact's bytes as they stream, from {@link SignatureVerifier#begin}.
 * Feed every byte exactly once, in order, to {@link #update} (an {@link ai.vantage.maven.slurm.io.ObservedInputStream}
 * or a {@link ai.vantage.maven.slurm.io.BackgroundObserver} can do it as bytes flow), then call {@link #finish}. Not
 * thread-safe; use once.
 */
public final class SignatureCheck {

    private final PGPSignature signature;
    private final VerificationResult result;
    private long length;
    private boolean finished;

    SignatureCheck(PGPSignature signature, VerificationResult result) {
        this.signature = signature;
        this.result = result;
    }

    /**
     * The signature's details as checked before any byte (pinned key, strength, revocation, expiry, times): the
     * answer for bytes already verified against this very signature, e.g. a stored tarball whose SHA-256 is the one
     * recorded when it verified. Anything else must be fed to {@link #update} and {@link #finish}ed.
     */
    public VerificationResult beforeData() {
        return result;
    }

    /** Hashes {@code len} bytes of {@code bytes} from {@code off}. */
    public void update(byte[] bytes, int off, int len) {
        if (finished) {
            throw new IllegalStateException("The signature check of " + result.artifact() + " is finished");
        }
        signature.update(bytes, off, len);
        length += len;
    }

    /**
     * Whether the bytes fed match the signature.
     *
     * @throws VerificationException {@link Reason#BAD_SIGNATURE} when they do not
     */
    public VerificationResult finish() throws VerificationException {
        if (finished) {
            throw new IllegalStateException("The signature check of " + result.artifact() + " is finished");
        }
        finished = true;
        boolean good;
        try {
            good = signature.verify();
        } catch (PGPException e) {
            good = false;
        }
        if (!good) {
            throw new VerificationException(Reason.BAD_SIGNATURE, result.artifact(), result.signerFingerprint(),
                    "Refusing " + result.artifact() + ": its " + length + " bytes do not match its signature by key "
                            + result.signerFingerprint() + " (made " + result.signatureTime() + "): the file or its "
                            + ".asc was altered or damaged. Delete both and download them again; if it fails again, "
                            + "the cache serves a bad build: report it.");
        }
        return result;
    }
}
