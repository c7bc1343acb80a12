package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.available.Availability;
import ai.vantage.maven.slurm.available.AvailabilityFormat;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what the cache publishes: series × toolchain × architecture with the layout generation, size,
 * {@code Last-Modified}, signature time and exact Slurm release; marks lock entries ({@code slurm.lock}) and copies
 * in the local repository that differ from upstream. A table in the log, or JSON on standard output
 * ({@code -Dslurm.output=json}, with {@code -q} for scripts).
 */
@Mojo(name = "available", requiresProject = false, threadSafe = true)
public final class AvailableMojo extends AbstractBridgeMojo {

    private static final List<String> OUTPUTS = List.of("table", "json");

    /** Only this toolchain (e.g. {@code noble}); all by default. */
    @Parameter(property = TOOLCHAIN)
    String toolchain;

    /** {@code table} (the Maven log) or {@code json} (standard output). */
    @Parameter(property = "slurm.output", defaultValue = "table")
    String output;

    /** The most requests to the cache in flight at once. */
    @Parameter(property = "slurm.available.concurrency", defaultValue = "8")
    int concurrency;

    @Override
    String formerUpstreamProperty() {
        return "slurm.available.upstream";
    }

    @Override
    void run() throws MojoExecutionException {
        if (!OUTPUTS.contains(output)) {
            throw new MojoExecutionException("Invalid slurm.output '" + output + "': expected one of " + OUTPUTS);
        }
        List<Toolchain> toolchains;
        try {
            toolchains = toolchain == null || toolchain.isBlank() ? List.of(Toolchain.values())
                    : List.of(Toolchain.of(toolchain.trim()));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        String from = upstream();
        getLog().info("Asking " + from + " what it publishes");
        Availability availability;
        try {
            availability = cache(from).availability(concurrency).scan(toolchains)
                    .against(LockFile.read(settings().projectDirectory().resolve(LockFile.FILE_NAME)))
                    .againstLocal(session.getRepositorySession().getLocalRepository().getBasedir().toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("slurm:available failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        if (output.equals("json")) {
            // the process's own standard output: Maven 4 turns a plugin's System.out into [INFO] [stdout] log lines
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            out.print(AvailabilityFormat.json(availability));
            out.flush();
        } else {
            List<String> lines = AvailabilityFormat.table(availability);
            int notes = lines.size() - availability.notes().size();
            lines.subList(0, notes).forEach(getLog()::info);
            lines.subList(notes, lines.size()).forEach(getLog()::warn);
        }
    }
}
