package ai.vantage.maven.slurm.upstream;

import java.util.List;
import java.util.Optional;

/**
 * The {@code slurm+} URL schemes of a Maven repository: {@code slurm+https://…}, {@code slurm+http://…} or
 * {@code slurm+file:…} is the Slurm Factory cache (or a copy of it) at the URL without {@code slurm+}.
 */
public final class SlurmScheme {

    /** The protocols of the schemes, as Maven Resolver reports a repository's protocol. */
    public static final List<String> PROTOCOLS = List.of("slurm+https", "slurm+http", "slurm+file");

    private static final String PREFIX = "slurm+";

    private SlurmScheme() {}

    /** Whether a repository of {@code protocol} (e.g. {@code slurm+https}) is a Slurm cache. */
    public static boolean owns(String protocol) {
        return PROTOCOLS.contains(protocol);
    }

    /** The cache's own URL for a {@code slurm+} repository URL, e.g. {@code https://…}; empty for any other URL. */
    public static Optional<String> cacheUrl(String repositoryUrl) {
        int colon = repositoryUrl.indexOf(':');
        return colon > 0 && owns(repositoryUrl.substring(0, colon))
                ? Optional.of(repositoryUrl.substring(PREFIX.length()))
                : Optional.empty();
    }
}
