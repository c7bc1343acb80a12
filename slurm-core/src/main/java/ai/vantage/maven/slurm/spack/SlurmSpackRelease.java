package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;

/**
 * The exact Slurm release a toolchain's Spack mirror holds for one architecture, from a {@link SignedSpec}.
 *
 * @param toolchain the mirror's toolchain
 * @param arch the architecture of the spec's target
 * @param release e.g. 25.11.6 (packaging revision 1) for Spack version {@code 25-11-6-1}
 * @param signed the signed spec, with its DAG
 */
public record SlurmSpackRelease(Toolchain toolchain, Arch arch, ExactRelease release, SignedSpec signed) {

    /** The series, e.g. {@code 25.11}. */
    public String series() {
        return release.series();
    }

    /** The Slurm spec, as its signed spec file has it. */
    public SpackSpec spec() {
        return signed.spec();
    }

    /** Who signed its spec manifest, and when. */
    public VerificationResult signature() {
        return signed.signature();
    }
}
