package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.config.SlurmSettings;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the project and session, the build's {@link SlurmSettings} (the same rules the extension
 * reads them by), and {@code slurm.skip} for the goals that offer it ({@link #skipped()}).
 */
abstract class AbstractSlurmMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            getLog().info("Skipping slurm:" + goal() + " (slurm.skip)");
            return;
        }
        run();
    }

    /** The goal's work, unless it is skipped. */
    abstract void run() throws MojoExecutionException, MojoFailureException;

    /** Whether {@code slurm.skip} is set, for the goals that have it. */
    boolean skipped() {
        return false;
    }

    /** The goal's name, e.g. {@code install}. */
    String goal() {
        String name = getClass().getSimpleName();
        return name.substring(0, name.length() - "Mojo".length()).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The build's settings: trust, key files (relative to the top-level project directory), allowed unsigned builds;
     * read and checked once per session.
     */
    SlurmSettings settings() throws MojoExecutionException {
        try {
            return (SlurmSettings) session.getRepositorySession().getData().computeIfAbsent(
                    SlurmSettings.class.getName() + "@plugin", () -> SlurmSettings.of(
                            session.getRepositorySession().getConfigProperties(),
                            session.getRepositorySession().getLocalRepository().getBasedir().toPath()));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** {@code prefix}, absolute and normalized. */
    static Path normalized(File prefix) {
        return prefix.toPath().toAbsolutePath().normalize();
    }
}
