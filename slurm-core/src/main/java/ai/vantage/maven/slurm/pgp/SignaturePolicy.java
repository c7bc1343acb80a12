package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.util.Objects;

/**
 * Whether a build may be used after its signature check: verified, or refused unless {@code slurm.pgp.allowUnsigned}
 * lists it. The one place that decides; the transport, the post-processor and the plugin's goals all ask it.
 */
public final class SignaturePolicy {

    private final UnsignedAllowList allowUnsigned;

    public SignaturePolicy(UnsignedAllowList allowUnsigned) {
        this.allowUnsigned = Objects.requireNonNull(allowUnsigned, "allowUnsigned");
    }

    /** Whether {@code coordinate} may be used although its signature is missing or refused. */
    public boolean allowsUnsigned(SlurmCoordinate coordinate) {
        return allowUnsigned.allows(coordinate);
    }

    /** A signature check: the verifier's result, or its refusal. */
    @FunctionalInterface
    public interface Check {
        VerificationResult run() throws VerificationException, IOException;
    }

    /**
     * Runs {@code check} for {@code coordinate}.
     *
     * @return the verified outcome, or the allowed-unsigned one (with its warning) when the check refused a listed
     *     build
     * @throws VerificationException when the check refused a build that is not listed
     * @throws IOException when the check could not read its input
     */
    public SignatureOutcome apply(SlurmCoordinate coordinate, Check check) throws VerificationException, IOException {
        try {
            return SignatureOutcome.verified(check.run());
        } catch (VerificationException e) {
            return refused(coordinate, e);
        }
    }

    /**
     * The outcome for a build that has no signature at all.
     *
     * @param lookedAt where the signature was looked for (a URL, a path, the repositories)
     * @throws VerificationException when the build is not listed as allowed unsigned
     */
    public SignatureOutcome unsigned(SlurmCoordinate coordinate, String lookedAt) throws VerificationException {
        return refused(coordinate, VerificationException.noSignature(coordinate.toString(), lookedAt));
    }

    /**
     * The outcome for a refusal that happened elsewhere (a stream whose end failed the check).
     *
     * @throws VerificationException {@code refusal}, when the build is not listed as allowed unsigned
     */
    public SignatureOutcome refused(SlurmCoordinate coordinate, VerificationException refusal)
            throws VerificationException {
        if (!allowUnsigned.allows(coordinate)) {
            throw refusal;
        }
        return SignatureOutcome.allowedUnsigned(allowUnsigned.warning(coordinate, refusal));
    }
}
