package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.cache.SlurmSettings;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
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
public final class VerifyMojo extends AbstractBuildMojo {

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = coordinate();
        Path tarball = resolveTarball(coordinate);
        Path signature = resolveSignature(coordinate);
        SlurmSettings settings = settings();
        SignaturePolicy policy = settings.policy();
        try {
            log(signature == null ? policy.unsigned(coordinate, tarball + ".asc") : policy.apply(coordinate, () -> {
                try (InputStream asc = Files.newInputStream(signature)) {
                    return settings.verifier(null).verify(coordinate.toString(), tarball, asc);
                }
            }));
        } catch (VerificationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + tarball + ": " + e.getMessage(), e);
        }
    }
}
