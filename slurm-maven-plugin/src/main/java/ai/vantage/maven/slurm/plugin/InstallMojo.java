package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.install.InstallReceipt;
import ai.vantage.maven.slurm.install.ScriptFailedException;
import ai.vantage.maven.slurm.install.SlurmInstaller;
import ai.vantage.maven.slurm.install.UnsafeArchiveException;
import ai.vantage.maven.slurm.install.WrongBuildException;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.sbom.SlurmSbom;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Installs a verified Slurm build under {@code <prefix>/view}: resolves {@code ai.vantage:slurm}, reads it once to
 * check its signature and unpack it into a new release, checks the tree is the build asked for, switches
 * {@code <prefix>/view} to it in one rename, then runs the install script. Bound to the {@code install} phase: in a deployment repository, {@code mvn install} installs Slurm.
 */
@Mojo(name = "install", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public final class InstallMojo extends AbstractRefreshableMojo {

    /** The installation prefix: the tree lands at {@code <prefix>/view}. */
    @Parameter(property = PREFIX, defaultValue = DEFAULT_PREFIX)
    File prefix;

    /**
     * The install script: a file of the deployment repository, or a path inside the unpacked tree (relative to the
     * release root, e.g. {@code view/assets/slurm_assets/slurm_install.sh}). By default the script the tarball
     * carries, if any.
     */
    @Parameter(property = "slurm.installScript")
    String installScript;

    /** The install script's arguments, separated by spaces. */
    @Parameter(property = "slurm.installArgs", defaultValue = "--full-init")
    String installArgs;

    /** Whether to run an install script at all. */
    @Parameter(property = "slurm.runInstallScript", defaultValue = "true")
    boolean runInstallScript;

    /** The longest the install script may run, in seconds. */
    @Parameter(property = "slurm.scriptTimeout", defaultValue = "1800")
    long scriptTimeout;

    /** Installs again even when the receipt shows the same file installed. */
    @Parameter(property = "slurm.force", defaultValue = "false")
    boolean force;

    /** How many releases to keep besides the current one (for {@code slurm:rollback}). */
    @Parameter(property = "slurm.keepReleases", defaultValue = "1")
    int keepReleases;

    /** The most bytes a tarball may expand to (a bound against decompression bombs). */
    @Parameter(property = "slurm.maxUnpackedSize", defaultValue = "68719476736")
    long maxUnpackedSize;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = coordinate();
        Path prefix = normalized(this.prefix);
        SlurmInstaller.Request request = SlurmInstaller.Request.of(coordinate, tarballs().source(coordinate), prefix)
                .describedAs(builds.describe(coordinate)).keepReleases(keepReleases).maxUnpackedSize(maxUnpackedSize)
                .force(force).lock(lock());
        if (runInstallScript) {
            Duration timeout = Duration.ofSeconds(scriptTimeout);
            request.script(script().map(path -> SlurmInstaller.Script.at(path, arguments(), timeout))
                    .orElse(SlurmInstaller.Script.bundled(arguments(), timeout)));
        }
        try {
            Optional<InstallReceipt> installed = installer().install(request);
            if (installed.isPresent()) {
                getLog().info("Installed " + coordinate + " at " + prefix.resolve("view") + " (release "
                        + installed.get().release() + ")");
                writeSbom(coordinate, prefix, installed.get());
            }
        } catch (VerificationException | UnsafeArchiveException | WrongBuildException | WrongReleaseException
                | ScriptFailedException | LockMismatchException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Installing " + coordinate + " into " + prefix + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes the SBOM of the release just installed into its folder ({@code releases/<id>/sbom.cdx.json}) and names
     * it in the receipt, when the build has a signed spec; the install stands either way, and the log says why not.
     */
    private void writeSbom(SlurmCoordinate coordinate, Path prefix, InstallReceipt receipt)
            throws MojoExecutionException {
        Optional<SlurmSbomSource> source = sbomSource();
        if (source.isEmpty()) {
            getLog().info("Wrote no SBOM of " + coordinate + ": the project has no slurm+ repository to read the "
                    + "signed Spack spec from (-Dslurm.upstream=https://… names the cache)");
            return;
        }
        String file = "releases/" + receipt.release() + "/" + SlurmSbom.FILE_NAME;
        try {
            SlurmSbom sbom = source.get().sbom(coordinate,
                    Optional.ofNullable(receipt.slurmRelease()).map(ExactRelease::ofMaven),
                    Map.of("sha256", receipt.sha256()));
            sbom.write(prefix.resolve(file));
            receipt.withSbom(file, sbom.sha256()).write(prefix);
            getLog().info("Wrote the SBOM of the release to " + prefix.resolve(file) + ": " + sbom.summary());
        } catch (NoSignedSpecException e) {
            getLog().info("Wrote no SBOM of " + coordinate + ": " + e.getMessage());
        } catch (IOException e) {
            getLog().warn("Wrote no SBOM of " + coordinate + " (the release is installed): " + e.getMessage());
        }
    }

    private Optional<Path> script() {
        if (installScript == null || installScript.isBlank()) {
            return Optional.empty();
        }
        File inProject = new File(installScript);
        if (!inProject.isAbsolute()) {
            inProject = new File(project.getBasedir(), installScript);
        }
        return Optional.of(inProject.isFile() ? inProject.toPath().toAbsolutePath() : Path.of(installScript));
    }

    private List<String> arguments() {
        return installArgs == null || installArgs.isBlank() ? List.of()
                : Arrays.asList(installArgs.trim().split("\\s+"));
    }
}
