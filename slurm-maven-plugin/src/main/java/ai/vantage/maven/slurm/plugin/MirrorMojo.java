package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.MirrorReport;
import ai.vantage.maven.slurm.bridge.MirrorSelection;
import ai.vantage.maven.slurm.bridge.OfflineMirror;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Copies Slurm builds into a folder that is a Maven 2 repository (for {@code file://} use or an upload to a hosted
 * repository): verified tarballs, signatures, POMs, metadata and checksums, the files the bridge server serves.
 * Re-runs copy only what changed. A build that fails verification is not written and fails the goal after the rest
 * was mirrored.
 */
@Mojo(name = "mirror", requiresProject = false, threadSafe = true)
public final class MirrorMojo extends AbstractBridgeMojo {

    /** The folder to write the repository into. */
    @Parameter(property = "slurm.mirror.target", required = true)
    File target;

    /** Series to copy, comma-separated ({@code 25.11,24.11}); all the cache holds by default. */
    @Parameter(property = "slurm.mirror.series")
    String series;

    /** Toolchains to copy, comma-separated ({@code noble,jammy}); all by default. */
    @Parameter(property = "slurm.mirror.toolchains")
    String toolchains;

    /** Architectures to copy, comma-separated ({@code amd64,arm64}); all by default. */
    @Parameter(property = "slurm.mirror.arches")
    String arches;

    @Override
    String formerUpstreamProperty() {
        return "slurm.mirror.upstream";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        MirrorSelection selection;
        try {
            selection = MirrorSelection.parse(series, toolchains, arches);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("slurm:mirror: " + e.getMessage(), e);
        }
        String from = upstream();
        getLog().info("Mirroring ai.vantage:slurm from " + from + " into " + target);
        MirrorReport report;
        try {
            report = new OfflineMirror(source(from), target.toPath(), bridgeLog()).run(selection);
        } catch (IOException e) {
            throw new MojoExecutionException("Mirroring from " + from + " into " + target + " failed: "
                    + e.getMessage(), e);
        }
        report.table().forEach(getLog()::info);
        if (!report.failures().isEmpty()) {
            throw new MojoFailureException("Not mirrored (the rest was): " + report.failures().stream()
                    .map(r -> r.build() + " (" + r.status().name().toLowerCase(Locale.ROOT) + ": "
                            + r.detail() + ")")
                    .collect(Collectors.joining(", ")));
        }
    }
}
