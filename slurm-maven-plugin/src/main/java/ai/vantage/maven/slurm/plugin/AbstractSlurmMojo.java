package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeLog;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.upstream.SlurmScheme;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * What every goal shares: the project and session, the build's {@link SlurmSettings} (the same rules the extension
 * reads them by), the cache read with them, and {@code slurm.skip} for the goals that offer it ({@link #skipped()}).
 */
abstract class AbstractSlurmMojo extends AbstractMojo {

    /*
     * The properties of the parameters several goals declare (Java's single inheritance puts each field where only the
     * goals that use it see it): one name and default each, here.
     */

    /** The property of the cache's URL, for every goal that reads the cache. */
    static final String UPSTREAM = "slurm.upstream";

    /** The property of the install prefix. */
    static final String PREFIX = "slurm.prefix";

    /** The install prefix by default. */
    static final String DEFAULT_PREFIX = "/opt/slurm";

    /** The property of the toolchain. */
    static final String TOOLCHAIN = "slurm.toolchain";

    /** The property of the Slurm series or exact release. */
    static final String VERSION = "slurm.version";

    /** The property that skips a goal. */
    static final String SKIP = "slurm.skip";

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

    /** The goal's name, e.g. {@code install} or {@code spack-mirrors}. */
    String goal() {
        String name = getClass().getSimpleName();
        return name.substring(0, name.length() - "Mojo".length()).replaceAll("(?<=[a-z])(?=[A-Z])", "-")
                .toLowerCase(java.util.Locale.ROOT);
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

    /** The cache at {@code upstream}, for the goals that need more than a {@link BridgeSource}. */
    SlurmCache cache(String upstream) throws MojoExecutionException {
        try {
            return SlurmCache.at(upstream, settings(), CacheBridgeSource.listener(bridgeLog()), getLog()::info);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * The cache's URL: {@code given} ({@value #UPSTREAM}), else the goal's former property {@code former}, else the
     * project's {@code slurm+} repository without {@code slurm+}.
     *
     * @throws MojoExecutionException when there is none, naming {@value #UPSTREAM}
     */
    String upstream(String given, String former) throws MojoExecutionException {
        return upstreamIfAny(given, former).orElseThrow(() -> new MojoExecutionException("slurm:" + goal()
                + " needs the cache: -D" + UPSTREAM + "=https://… (or run it in a project with a slurm+https:// "
                + "repository)"));
    }

    /** {@link #upstream}, empty when none of them is there. */
    Optional<String> upstreamIfAny(String given, String former) {
        Optional<String> named = givenOr(given, former, UPSTREAM);
        if (named.isPresent()) {
            return named;
        }
        return project.getRemoteProjectRepositories().stream()
                .map(RemoteRepository::getUrl)
                .map(SlurmScheme::cacheUrl)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A parameter's value: {@code given}, else the value of {@code former}, the property it had before it became
     * {@code current}, when the build still sets that (on the command line, as a system property or in the POM): it
     * still works, with a warning.
     */
    Optional<String> givenOr(String given, String former, String current) {
        if (given != null && !given.isBlank()) {
            return Optional.of(given.trim());
        }
        String value = session.getUserProperties().getProperty(former,
                session.getSystemProperties().getProperty(former, project.getProperties().getProperty(former)));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        getLog().warn(former + " is deprecated: use " + current + " (slurm:" + goal() + " reads " + former
                + " only while " + current + " is unset)");
        return Optional.of(value.trim());
    }

    /** Maven's log, for the bridge's lines. */
    BridgeLog bridgeLog() {
        return new BridgeLog() {
            @Override
            public void info(String message) {
                getLog().info(message);
            }

            @Override
            public void warn(String message) {
                getLog().warn(message);
            }
        };
    }

    /** {@code prefix}, absolute and normalized. */
    static Path normalized(File prefix) {
        return prefix.toPath().toAbsolutePath().normalize();
    }
}
