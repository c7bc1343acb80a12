package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.install.InstalledCheck;
import ai.vantage.maven.slurm.install.SlurmInstaller;
import ai.vantage.maven.slurm.install.TarballReader;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;

/**
 * The goals that work on one Slurm build: its parameters (version, toolchain, architecture), which build they name
 * ({@link RequestedBuilds}), its files through Maven ({@link MavenTarballs}), and the engine that reads and installs
 * it, with today's trust.
 */
abstract class AbstractBuildMojo extends AbstractSlurmMojo {

    /**
     * The Slurm series, e.g. {@code 25.11}, or an exact release of it, e.g. {@code 25.11.6}; by default the version of
     * {@code ai.vantage:slurm} the project manages.
     */
    @Parameter(property = VERSION)
    String version;

    /**
     * The toolchain ({@code noble}, {@code jammy}, {@code resolute}, {@code rockylinux8/9/10}); detected from the host
     * by default, except by {@code lock}, which without it locks only the builds the project names.
     */
    @Parameter(property = TOOLCHAIN)
    String toolchain;

    /** The architecture ({@code amd64}, {@code arm64}); detected from the host by default. */
    @Parameter(property = "slurm.arch")
    String arch;

    /** Skips the goal. */
    @Parameter(property = SKIP, defaultValue = "false")
    boolean skip;

    /**
     * The cache whose signed Spack mirror a build's SBOM is made from; by default the project's slurm+ repository. It
     * was slurm.sbom.upstream, which still works, with a warning.
     */
    @Parameter(property = UPSTREAM)
    String upstream;

    @Component
    RepositorySystem repositorySystem;

    /** The builds this goal was asked for. */
    final RequestedBuilds builds = new RequestedBuilds();

    private MavenTarballs tarballs;

    private SlurmSbomSource sbomSource;

    @Override
    boolean skipped() {
        return skip;
    }

    /** Whether the build is fetched and verified anew rather than taken from the local repository. */
    abstract boolean refresh();

    /** The build this goal works on. */
    SlurmCoordinate coordinate() throws MojoExecutionException {
        return builds.chosen(project, version, toolchain, arch);
    }

    /** The builds' tarballs, resolved with {@link #resolutionSession()} through the project's repositories. */
    MavenTarballs tarballs() {
        if (tarballs == null) {
            tarballs = new MavenTarballs(repositorySystem, session.getRepositorySession(), resolutionSession(),
                    project.getRemoteProjectRepositories(), builds, refresh(), getLog());
        }
        return tarballs;
    }

    /** The session artifacts are resolved with (asked once): the build's. */
    RepositorySystemSession resolutionSession() {
        return session.getRepositorySession();
    }

    /** Where SBOMs come from: the cache of {@value #UPSTREAM}, else empty when the project has none. */
    Optional<SlurmSbomSource> sbomSource() throws MojoExecutionException {
        Optional<String> from = upstreamIfAny(upstream, "slurm.sbom.upstream");
        if (sbomSource == null && from.isPresent()) {
            sbomSource = new SlurmSbomSource(cache(from.get()));
        }
        return Optional.ofNullable(sbomSource);
    }

    /** {@link #sbomSource()}, failing when there is no cache to read the spec from. */
    SlurmSbomSource requiredSbomSource() throws MojoExecutionException {
        return sbomSource().orElseThrow(() -> new MojoExecutionException("slurm:" + goal() + " needs the cache whose "
                + "Spack mirror signs the spec: -D" + UPSTREAM + "=https://… (or run it in a project with a "
                + "slurm+https:// repository)"));
    }

    /** The project's {@code slurm.lock} (at the top-level project directory); empty when there is none. */
    LockFile lock() throws MojoExecutionException {
        try {
            return LockFile.read(lockPath());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** Where {@code slurm.lock} is: the top-level project directory. */
    Path lockPath() throws MojoExecutionException {
        return settings().projectDirectory().resolve(LockFile.FILE_NAME);
    }

    /**
     * The installer, with today's trust: its already-installed check needs no OpenPGP code, its one read is built only
     * when there is something to install, and the read's signature verifier only when it checks a signature itself
     * (not for bytes the transport vouched for as it streamed them): Bouncy Castle's signed jars are then verified
     * in the extension's realm only.
     */
    SlurmInstaller installer() throws MojoExecutionException {
        SlurmSettings settings = settings();
        return new SlurmInstaller(new InstalledCheck(settings.trusted(), settings.policy(), builds.exactReleases(),
                lock(), getLog()::info), () -> reader(settings), getLog()::info, getLog()::warn);
    }

    /** The one read of a tarball, with today's trust and the local repository's record of signature times. */
    TarballReader reader() throws MojoExecutionException {
        return reader(settings());
    }

    private TarballReader reader(SlurmSettings settings) {
        return new TarballReader(() -> settings.verifier(null), settings.policy(),
                settings.signatureTimes(getLog()::warn), getLog()::info, getLog()::warn)
                .verifiedInThisBuild(tarballs().shared().verifiedFiles(), getLog()::debug)
                .exactReleases(builds.exactReleases());
    }
}
