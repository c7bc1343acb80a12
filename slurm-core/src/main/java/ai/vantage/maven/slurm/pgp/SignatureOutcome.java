package ai.vantage.maven.slurm.pgp;

import java.util.Optional;

/**
 * What {@link SignaturePolicy} decided for one build: verified (with the signature's details), or used unverified
 * because {@code slurm.pgp.allowUnsigned} lists it (with the warning to log every time).
 */
public final class SignatureOutcome {

    private final VerificationResult result;
    private final String warning;

    private SignatureOutcome(VerificationResult result, String warning) {
        this.result = result;
        this.warning = warning;
    }

    static SignatureOutcome verified(VerificationResult result) {
        return new SignatureOutcome(result, null);
    }

    static SignatureOutcome allowedUnsigned(String warning) {
        return new SignatureOutcome(null, warning);
    }

    /** True when the signature verified. */
    public boolean isVerified() {
        return result != null;
    }

    /** The verified signature, or empty when the build is used unverified. */
    public Optional<VerificationResult> result() {
        return Optional.ofNullable(result);
    }

    /** The line to log: {@link VerificationResult#describe()} at INFO, or else this warning at WARN level. */
    public String message() {
        return result != null ? result.describe() : warning;
    }
}
