package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeSource;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * What the goals that serve the cache share ({@code slurm:serve}, {@code slurm:mirror}): the cache as the bridge
 * reads it, with the build's {@code slurm.*} settings.
 */
abstract class AbstractBridgeMojo extends AbstractSlurmMojo {

    /** The cache at {@code upstream}, verified with {@code slurm.pgp.*} and the local repository's key cache. */
    BridgeSource source(String upstream) throws MojoExecutionException {
        return source(upstream, UpstreamListener.NONE);
    }

    /** The same, also telling {@code metrics} of upstream retries. */
    BridgeSource source(String upstream, UpstreamListener metrics) throws MojoExecutionException {
        try {
            return new CacheBridgeSource(upstream, settings(), bridgeLog(), metrics);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
