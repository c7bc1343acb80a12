package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeSource;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that serve the cache share ({@code slurm:serve}, {@code slurm:mirror}): the cache as the bridge
 * reads it, with the build's {@code slurm.*} settings.
 */
abstract class AbstractBridgeMojo extends AbstractSlurmMojo {

    /**
     * The Slurm cache to read ({@code https:}, {@code http:} or {@code file:}); by default the project's {@code slurm+}
     * repository without {@code slurm+} ({@code slurm:serve}: the Slurm Factory cache). It was
     * {@code slurm.serve.upstream}, {@code slurm.mirror.upstream}, {@code slurm.available.upstream} and
     * {@code slurm.spack.upstream}; those still work, with a warning.
     */
    @Parameter(property = UPSTREAM)
    String upstream;

    /** The property this goal read the cache's URL from before {@value #UPSTREAM} ({@code slurm.<goal>.upstream}). */
    abstract String formerUpstreamProperty();

    /** The cache's URL: {@link #upstream}, else the former property, else the project's {@code slurm+} repository. */
    String upstream() throws MojoExecutionException {
        return upstream(upstream, formerUpstreamProperty());
    }

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
