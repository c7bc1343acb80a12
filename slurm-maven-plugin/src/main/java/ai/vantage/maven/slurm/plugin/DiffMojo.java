package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.sbom.SbomDiff;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what a rebuild upstream changed, before {@code slurm:lock} accepts it: the packages whose version changed,
 * appeared or disappeared between the SBOM {@code slurm.lock} keeps of the build ({@code slurm.lock.d/}) and the SBOM
 * of what upstream's signed spec says the key holds now. The build is chosen as {@code slurm:install} chooses it;
 * the changes are logged and written as JSON.
 */
@Mojo(name = "diff", threadSafe = true)
public final class DiffMojo extends AbstractRefreshableMojo {

    /** Where the JSON is written; by default {@code target/slurm-<series>-<classifier>-diff.json}. */
    @Parameter(property = "slurm.diff.output")
    File output;

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        SlurmCoordinate coordinate = coordinate();
        Path lockFile = lockPath();
        LockEntry entry = lock().entry(coordinate).orElseThrow(() -> new MojoFailureException(lockFile
                + " does not lock " + coordinate + ": run slurm:lock first, then slurm:diff after upstream rebuilds"));
        SbomDiff diff;
        try {
            diff = requiredSbomSource().diffFromLocked(lockFile, entry);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot compare " + coordinate + " with upstream: " + e.getMessage(), e);
        }
        diff.lines().forEach(getLog()::info);
        Path file = output != null ? normalized(output)
                : Path.of(project.getBuild().getDirectory())
                        .resolve("slurm-" + coordinate.series() + "-" + coordinate.classifier() + "-diff.json");
        try {
            AtomicFiles.write(file, diff.json().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        getLog().info("Wrote " + file);
    }
}
