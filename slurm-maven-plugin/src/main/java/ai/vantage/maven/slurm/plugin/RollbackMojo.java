package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.SlurmInstaller;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Switches {@code <prefix>/view} back to the release installed before the current one. */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public final class RollbackMojo extends AbstractSlurmMojo {

    /** The installation prefix whose {@code view} is rolled back. */
    @Parameter(property = PREFIX, defaultValue = DEFAULT_PREFIX)
    File prefix;

    @Override
    void run() throws MojoFailureException {
        Path prefix = normalized(this.prefix);
        try {
            String release = SlurmInstaller.rollback(prefix, getLog()::info);
            getLog().info("Rolled " + prefix.resolve("view") + " back to release " + release);
        } catch (IOException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
