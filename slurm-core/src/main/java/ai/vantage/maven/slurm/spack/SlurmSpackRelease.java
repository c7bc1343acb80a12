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
 * @param spec the signed spec
 * @param signature who signed its spec manifest, and when
 */
public record SlurmSpackRelease(
        Toolchain toolchain, Arch arch, ExactRelease release, SpackSpec spec, VerificationResult signature) {

    /** The series, e.g. {@code 25.11}. */
    public String series() {
        return release.series();
    }
}
