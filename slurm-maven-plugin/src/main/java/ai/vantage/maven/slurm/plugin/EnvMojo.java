package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.EnvScriptWriter;
import ai.vantage.maven.slurm.install.InstallReceipt;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code <prefix>/slurm-env.sh}: {@code . <prefix>/slurm-env.sh} puts the installed Slurm on PATH and its Lmod
 * modules on MODULEPATH, for any prefix.
 */
@Mojo(name = "env", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public final class EnvMojo extends AbstractSlurmMojo {

    /** The installation prefix the script puts on PATH. */
    @Parameter(property = PREFIX, defaultValue = DEFAULT_PREFIX)
    File prefix;

    /** Skips the goal. */
    @Parameter(property = SKIP, defaultValue = "false")
    boolean skip;

    @Override
    boolean skipped() {
        return skip;
    }

    @Override
    void run() throws MojoExecutionException {
        Path prefix = normalized(this.prefix);
        try {
            Path file = EnvScriptWriter.write(prefix);
            getLog().info("Wrote " + file + ": source it, or module load slurm");
            Optional<InstallReceipt> receipt = InstallReceipt.read(prefix);
            if (receipt.isPresent() && receipt.get().sbom() != null) {
                getLog().info("The SBOM of the installed release: " + prefix.resolve(receipt.get().sbom())
                        + " (sha256 " + receipt.get().sbomSha256() + ")");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the environment script under " + prefix + ": "
                    + e.getMessage(), e);
        }
    }
}
