package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeLog;
import ai.vantage.maven.slurm.bridge.BridgeSource;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import ai.vantage.maven.slurm.pgp.KeySources;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;

/** What {@code slurm:serve} and {@code slurm:mirror} share: the cache read with the build's {@code slurm.*} settings. */
abstract class AbstractBridgeMojo extends AbstractSlurmMojo {

    /** The cache at {@code upstream}, verified with {@code slurm.pgp.*} and the local repository's key cache. */
    BridgeSource source(String upstream) throws MojoExecutionException {
        try {
            // outside a project (these goals need none) relative key files are read from where Maven runs
            Path base = project.getBasedir() != null ? project.getBasedir().toPath()
                    : Path.of(session.getExecutionRootDirectory());
            return new CacheBridgeSource(upstream, config(), base,
                    session.getRepositorySession().getLocalRepository().getBasedir().toPath()
                            .resolve(KeySources.LOCAL_REPOSITORY_KEY_CACHE),
                    bridgeLog());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
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
}
