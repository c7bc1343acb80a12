package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.EnvScriptWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes {@code <prefix>/slurm-env.sh}: {@code . <prefix>/slurm-env.sh} puts the installed Slurm on PATH and its Lmod
 * modules on MODULEPATH, for any prefix.
 */
@Mojo(name = "env", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public final class EnvMojo extends AbstractSlurmMojo {

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Skipping slurm:env (slurm.skip)");
            return;
        }
        try {
            Path file = EnvScriptWriter.write(prefix());
            getLog().info("Wrote " + file + ": source it, or module load slurm");
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the environment script under " + prefix() + ": "
                    + e.getMessage(), e);
        }
    }
}
