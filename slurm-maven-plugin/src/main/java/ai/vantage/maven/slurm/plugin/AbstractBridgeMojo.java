package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.bridge.BridgeLog;
import ai.vantage.maven.slurm.bridge.BridgeSource;
import ai.vantage.maven.slurm.bridge.CacheBridgeSource;
import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.upstream.SlurmScheme;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * What the goals that read the cache directly share ({@code slurm:serve}, {@code slurm:mirror},
 * {@code slurm:available}): the cache read with the build's {@code slurm.*} settings.
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

    /** The cache at {@code upstream}, for the goals that need more than a {@link BridgeSource}. */
    SlurmCache cache(String upstream) throws MojoExecutionException {
        try {
            return SlurmCache.at(upstream, settings(), CacheBridgeSource.listener(bridgeLog()), getLog()::info);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * The cache's URL: {@code given}, else the project's {@code slurm+} repository without {@code slurm+}.
     *
     * @param property the goal's property for the URL, named when there is none
     */
    String upstream(String given, String property) throws MojoExecutionException {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        return project.getRemoteProjectRepositories().stream()
                .map(RemoteRepository::getUrl)
                .map(SlurmScheme::cacheUrl)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new MojoExecutionException("slurm:" + goal() + " needs the cache: -D" + property
                        + "=https://… (or run it in a project with a slurm+https:// repository)"));
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
