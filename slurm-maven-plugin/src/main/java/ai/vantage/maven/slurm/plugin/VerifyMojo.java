package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Checks the signature of a Slurm build (resolving it and its {@code .asc}) without installing anything. */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class VerifyMojo extends AbstractSlurmMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping slurm:verify (slurm.skip)");
            return;
        }
        SlurmCoordinate coordinate = coordinate();
        Path tarball = resolveTarball(coordinate);
        Path signature = resolveSignature(coordinate);
        try {
            if (signature == null) {
                throw VerificationException.noSignature(coordinate.toString(), tarball + ".asc");
            }
            try (InputStream asc = Files.newInputStream(signature)) {
                VerificationResult result = verifier().verify(coordinate.toString(), tarball, asc);
                getLog().info("Verified " + coordinate + ": signed by " + result.primaryFingerprint() + " on "
                        + result.signatureTime());
            }
        } catch (VerificationException e) {
            if (!allowUnsigned().allows(coordinate)) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            getLog().warn(allowUnsigned().warning(coordinate, e));
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + tarball + ": " + e.getMessage(), e);
        }
    }
}
