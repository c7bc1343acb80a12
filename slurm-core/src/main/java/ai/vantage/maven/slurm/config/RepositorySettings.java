package ai.vantage.maven.slurm.config;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        List<Mirror> mirrors,
        CacheLayout layout,
        boolean listing,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff) {

    private static final Pattern SERVER_ENTRY = Pattern.compile("([^:/=]*)=(.*)");
    private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * One further base URL of the cache.
     *
     * @param serverId the {@code <server>} of settings.xml whose credentials it gets, or null for none
     * @param url the base URL, ending with {@code /}
     */
    public record Mirror(String serverId, String url) {}

    /**
     * Parses comma-separated mirror entries, each {@code <url>} or {@code <server-id>=<url>}.
     *
     * @throws IllegalArgumentException for a URL that is not {@code https:}, {@code http:} or {@code file:}, or a
     *     server id that is empty or holds other characters than letters, digits, {@code .}, {@code _}, {@code -}
     */
    static List<Mirror> mirrors(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RepositorySettings::mirror).toList();
    }

    private static Mirror mirror(String entry) {
        Matcher named = SERVER_ENTRY.matcher(entry);
        String serverId = named.matches() ? named.group(1).trim() : null;
        try {
            if (serverId != null && !SERVER_ID.matcher(serverId).matches()) {
                throw new IllegalArgumentException("the server id '" + serverId + "' is not the id of a <server>");
            }
            return new Mirror(serverId, UpstreamSettings.baseUrl(serverId == null ? entry : named.group(2)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "': " + e.getMessage() + "; each entry is <url> or "
                    + "<server-id>=<url> (the mirror gets the credentials of the settings.xml <server> of that id, "
                    + "and none without one)", e);
        }
    }

    /** The upstream settings of a cache whose mirrors get no credentials (see the method below). */
    public UpstreamSettings upstream(String cacheUrl, Proxy proxy, UpstreamSettings.Credentials proxyCredentials,
            UpstreamSettings.Credentials repositoryCredentials) {
        return upstream(cacheUrl, proxy, proxyCredentials, repositoryCredentials, id -> null);
    }

    /**
     * The upstream settings of a cache at {@code cacheUrl} (its repository URL without {@code slurm+}), then the
     * mirrors. The repository's credentials go to its own URL only; a mirror gets those of the server its entry names.
     *
     * @param repositoryCredentials the repository's {@code <server>} credentials, or null
     * @param serverCredentials the credentials of a {@code <server>} by id, null when it has none
     */
    public UpstreamSettings upstream(String cacheUrl, Proxy proxy, UpstreamSettings.Credentials proxyCredentials,
            UpstreamSettings.Credentials repositoryCredentials,
            Function<String, UpstreamSettings.Credentials> serverCredentials) {
        List<String> bases = new ArrayList<>();
        Map<String, UpstreamSettings.Credentials> credentials = new HashMap<>();
        String own = UpstreamSettings.baseUrl(cacheUrl);
        bases.add(own);
        if (repositoryCredentials != null) {
            credentials.put(own, repositoryCredentials);
        }
        for (Mirror mirror : mirrors) {
            bases.add(mirror.url());
            UpstreamSettings.Credentials server = mirror.serverId() == null ? null
                    : serverCredentials.apply(mirror.serverId());
            if (server != null) {
                credentials.putIfAbsent(mirror.url(), server);
            }
        }
        return new UpstreamSettings(bases, connectTimeout, requestTimeout, retries, retryBackoff, proxy,
                proxyCredentials, credentials);
    }
}
