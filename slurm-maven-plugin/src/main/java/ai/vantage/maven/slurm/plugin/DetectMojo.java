package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.HostDetector;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints which toolchain and architecture fit this host and sets them as project properties
 * {@code slurm.detected.toolchain}, {@code slurm.detected.arch} and {@code slurm.detected.classifier}.
 */
@Mojo(name = "detect", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public final class DetectMojo extends AbstractSlurmMojo {

    @Override
    void run() throws MojoExecutionException {
        HostDetector host = HostDetector.ofThisHost();
        try {
            Toolchain toolchain = host.toolchain();
            Arch arch = host.arch();
            String classifier = SlurmCoordinate.classifier(toolchain, arch);
            project.getProperties().setProperty("slurm.detected.toolchain", toolchain.id());
            project.getProperties().setProperty("slurm.detected.arch", arch.id());
            project.getProperties().setProperty("slurm.detected.classifier", classifier);
            getLog().info("This host takes Slurm builds for toolchain " + toolchain.id() + " (" + toolchain.os()
                    + "), architecture " + arch.id() + ": classifier " + classifier);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
