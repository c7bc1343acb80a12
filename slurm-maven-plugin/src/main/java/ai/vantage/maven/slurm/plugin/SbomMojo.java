package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.TarballRead;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.sbom.SlurmSbom;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the CycloneDX 1.6 SBOM of one build, chosen as {@code slurm:install} chooses it, from the signed Spack spec
 * upstream holds for it now ({@code docs/sbom.md}): the tarball is resolved and verified as for an install, and the
 * spec must be of the release its module file names. Without a signed spec nothing is written.
 */
@Mojo(name = "sbom", threadSafe = true)
public final class SbomMojo extends AbstractRefreshableMojo {

    /** Where the SBOM is written; by default {@code target/slurm-<version>-<classifier>-cyclonedx.json}. */
    @Parameter(property = "slurm.sbom.output")
    File output;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = coordinate();
        Path tarball = tarballs().resolve(coordinate);
        SlurmSbom sbom;
        try {
            Optional<Path> signature = tarballs().signature(coordinate);
            TarballRead read = reader().verify(coordinate, tarball, signature, lock());
            sbom = requiredSbomSource().sbom(coordinate,
                    Optional.ofNullable(read.release()).or(() -> builds.exactRelease(coordinate)), tarball);
        } catch (NoSignedSpecException e) {
            throw new MojoFailureException("No SBOM of " + builds.describe(coordinate) + " (nothing written): "
                    + e.getMessage(), e);
        } catch (VerificationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot make the SBOM of " + builds.describe(coordinate) + ": "
                    + e.getMessage(), e);
        }
        Path file = output != null ? normalized(output) : Path.of(project.getBuild().getDirectory()).resolve(
                "slurm-" + builds.exactRelease(coordinate).map(Object::toString).orElse(coordinate.series()) + "-"
                        + coordinate.classifier() + "-cyclonedx.json");
        try {
            sbom.write(file);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        getLog().info("Wrote the SBOM of " + builds.describe(coordinate) + " to " + file + ": " + sbom.summary());
    }
}
