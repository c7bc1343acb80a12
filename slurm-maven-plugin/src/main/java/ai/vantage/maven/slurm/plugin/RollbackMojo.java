package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.SlurmInstaller;
import java.io.IOException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Switches {@code <prefix>/view} back to the release installed before the current one. */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public final class RollbackMojo extends AbstractSlurmMojo {

    @Override
    public void execute() throws MojoFailureException {
        try {
            String release = SlurmInstaller.rollback(prefix(), getLog()::info);
            getLog().info("Rolled " + prefix().resolve("view") + " back to release " + release);
        } catch (IOException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
