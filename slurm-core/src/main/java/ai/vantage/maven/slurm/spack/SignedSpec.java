package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.pgp.VerificationResult;

/**
 * A spec a mirror's index lists, confirmed by its signed spec manifest: the manifest's clearsignature verified with a
 * pinned key, the spec blob it names matched its sha256, and that blob names the same package, version, namespace
 * and hash as the index.
 *
 * @param spec the spec, as its signed spec file has it
 * @param signature who signed the spec manifest, and when
 * @param dag the whole DAG of the signed spec file, rooted at {@code spec}
 * @param specBlobSha256 the sha256 of the spec blob, as the signed manifest names it
 */
public record SignedSpec(SpackSpec spec, VerificationResult signature, SpackDag dag, String specBlobSha256) {}
