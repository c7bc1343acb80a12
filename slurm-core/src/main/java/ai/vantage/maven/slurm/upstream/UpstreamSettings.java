package ai.vantage.maven.slurm.upstream;

import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How an {@link UpstreamClient} reaches the cache: its base URLs in failover order ({@code https:}, {@code http:}
 * or {@code file:}, each ending with {@code /}), timeouts, retries, and the proxy and credentials Maven's settings
 * give.
 *
 * @param baseUrls the cache's base URLs, first the repository's own
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout the longest wait for the next bytes of an answer
 * @param retries further attempts per base URL after a connection error, a cut-off body or a 5xx answer
 * @param backoff the delay before the first retry; each further one doubles it
 * @param proxy the proxy, or {@link Proxy#NO_PROXY}
 * @param proxyCredentials proxy user and password, or null
 * @param serverCredentials user and password sent (HTTP Basic) to each base URL that has them, and to no other
 */
public record UpstreamSettings(
        List<String> baseUrls,
        Duration connectTimeout,
        Duration readTimeout,
        int retries,
        Duration backoff,
        Proxy proxy,
        Credentials proxyCredentials,
        Map<String, Credentials> serverCredentials) {

    public UpstreamSettings {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("At least one base URL of the cache is needed");
        }
        baseUrls = baseUrls.stream().map(UpstreamSettings::baseUrl).toList();
        Objects.requireNonNull(proxy, "proxy");
        serverCredentials = serverCredentials.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> baseUrl(e.getKey()), Map.Entry::getValue));
    }

    /** Settings with no proxy and no credentials. */
    public static UpstreamSettings of(
            List<String> baseUrls, Duration connectTimeout, Duration readTimeout, int retries, Duration backoff) {
        return new UpstreamSettings(baseUrls, connectTimeout, readTimeout, retries, backoff, Proxy.NO_PROXY, null, Map.of());
    }

    /** The credentials for {@code url}: those of the base URL it lies under, or null (never another base's). */
    public Credentials credentialsFor(URI url) {
        String text = url.toString();
        return baseUrls.stream().filter(text::startsWith).max(Comparator.comparingInt(String::length))
                .map(serverCredentials::get).orElse(null);
    }

    /**
     * {@code url} as a base URL, ending with {@code /}.
     *
     * @throws IllegalArgumentException when it is not {@code https:}, {@code http:} or {@code file:}
     */
    public static String baseUrl(String url) {
        String u = url.trim();
        if (!(u.startsWith("https://") || u.startsWith("http://") || u.startsWith("file:"))) {
            throw new IllegalArgumentException("Malformed cache URL '" + url
                    + "': expected https://…, http://… or file:… (a repository URL slurm+https://… without 'slurm+')");
        }
        return u.endsWith("/") ? u : u + "/";
    }

    /** A user name and password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }
}
