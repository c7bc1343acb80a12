package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeLog;
import ai.vantage.maven.slurm.bridge.BridgeSource;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import org.apache.maven.plugin.MojoExecutionException;

/** What {@code slurm:serve} and {@code slurm:mirror} share: the cache read with the build's {@code slurm.*} settings. */
abstract class AbstractBridgeMojo extends AbstractSlurmMojo {

    /** The cache at {@code upstream}, verified with {@code slurm.pgp.*} and the local repository's key cache. */
    BridgeSource source(String upstream) throws MojoExecutionException {
        try {
            return new CacheBridgeSource(upstream, settings(), bridgeLog());
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
