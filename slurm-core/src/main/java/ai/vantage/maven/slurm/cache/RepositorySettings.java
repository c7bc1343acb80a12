package ai.vantage.maven.slurm.cache;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one repository reaches its cache, from {@link SlurmSettings#repository}.
 *
 * @param mirrors further base URLs, tried after the repository's own ({@code slurm.mirrors})
 * @param layout the layout generations to probe ({@code slurm.layouts})
 * @param listing whether the series come from the cache's listing ({@code slurm.listing})
 * @param connectTimeout {@code slurm.connectTimeout}
 * @param requestTimeout {@code slurm.requestTimeout}
 * @param retries {@code slurm.retries}
 * @param retryBackoff {@code slurm.retryBackoff}
 */
public record RepositorySettings(
        List<String> mirrors,
        CacheLayout layout,
        boolean listing,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff) {

    /**
     * Parses comma-separated mirror URLs.
     *
     * @throws IllegalArgumentException for a URL that is not {@code https:}, {@code http:} or {@code file:}
     */
    static List<String> mirrors(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(UpstreamSettings::baseUrl).toList();
    }

    /**
     * The upstream settings of a cache at {@code cacheUrl} (its repository URL without {@code slurm+}), then the
     * mirrors.
     */
    public UpstreamSettings upstream(String cacheUrl, Proxy proxy, UpstreamSettings.Credentials proxyCredentials,
            UpstreamSettings.Credentials serverCredentials) {
        List<String> bases = new ArrayList<>();
        bases.add(cacheUrl);
        bases.addAll(mirrors);
        return new UpstreamSettings(bases, connectTimeout, requestTimeout, retries, retryBackoff, proxy,
                proxyCredentials, serverCredentials);
    }
}
