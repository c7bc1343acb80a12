package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.config.SlurmConfig;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.LayoutGeneration;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.AuthenticationContext;
import org.eclipse.aether.repository.RemoteRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one build session knows of one slurm+ repository: its upstream client, which layout generation answered
 * for which build, the signatures fetched, and the checksums of every byte received — so checksum requests are
 * answered from bytes that were really transferred.
 */
final class SlurmRepository {

    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmRepository.class);
    private static final int MAX_KEY_BYTES = 1 << 20;
    /** Maven's own keys naming the checksums it asks for (resolver 1.9, resolver 2), and their default. */
    private static final String CHECKSUMS_RESOLVER_1 = "aether.checksums.algorithms";
    private static final String CHECKSUMS_RESOLVER_2 = "aether.layout.maven2.checksumAlgorithms";
    private static final String DEFAULT_CHECKSUMS = "SHA-1,MD5";

    private final String id;
    private final String cacheUrl;
    private final UpstreamClient client;
    private final CacheLayout layout;
    private final boolean listing;
    private final SignatureVerifier verifier;
    private final UnsignedAllowList allowUnsigned;
    private final VerifiedDownloads verifiedDownloads;
    private final List<String> checksumExtensions;
    private final Map<SlurmCoordinate, LayoutGeneration> located = new ConcurrentHashMap<>();
    private volatile LayoutGeneration lastAnswered;
    private final Map<SlurmCoordinate, byte[]> signatures = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> checksums = new ConcurrentHashMap<>();

    private SlurmRepository(RepositorySystemSession session, RemoteRepository repository) {
        SlurmConfig config = new SlurmConfig(session.getConfigProperties(), repository.getId());
        this.id = repository.getId();
        this.cacheUrl = repository.getUrl().substring(SlurmTransporterFactory.SCHEME_PREFIX.length());
        List<String> bases = new ArrayList<>();
        bases.add(cacheUrl);
        bases.addAll(config.getList(SlurmConfigurationKeys.CONFIG_PROP_MIRRORS, SlurmConfigurationKeys.DEFAULT_MIRRORS));
        this.client = new UpstreamClient(settings(session, repository, config, bases), new LoggingListener());
        this.layout = CacheLayout.parse(
                config.getString(SlurmConfigurationKeys.CONFIG_PROP_LAYOUTS, SlurmConfigurationKeys.DEFAULT_LAYOUTS));
        this.listing = config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_LISTING, SlurmConfigurationKeys.DEFAULT_LISTING);
        SignatureVerifier.Builder verifier = Verifiers.builder(session, config);
        if (config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS, SlurmConfigurationKeys.DEFAULT_PGP_FETCH_KEYS)) {
            verifier.remoteKeys(KeySources.spackMirrors(List.of(Toolchain.values()), cacheUrl,
                    key -> client.fetch(key, MAX_KEY_BYTES)));
        }
        this.verifier = verifier.build();
        this.allowUnsigned = UnsignedAllowList.fromConfig(config);
        this.verifiedDownloads = VerifiedDownloads.of(session);
        List<String> validated = Checksums.extensionsOf(config.getString(CHECKSUMS_RESOLVER_2,
                config.getString(CHECKSUMS_RESOLVER_1, DEFAULT_CHECKSUMS)));
        this.checksumExtensions = validated.isEmpty() ? List.of() : validated.subList(0, 1);
    }

    /** The session's state of {@code repository}, made on first use. */
    static SlurmRepository of(RepositorySystemSession session, RemoteRepository repository) {
        Object key = SlurmRepository.class.getName() + "/" + repository.getId() + "/" + repository.getUrl();
        while (true) {
            Object existing = session.getData().get(key);
            if (existing instanceof SlurmRepository) {
                return (SlurmRepository) existing;
            }
            SlurmRepository created = new SlurmRepository(session, repository);
            if (session.getData().set(key, null, created)) {
                return created;
            }
        }
    }

    private static UpstreamSettings settings(
            RepositorySystemSession session, RemoteRepository repository, SlurmConfig config, List<String> bases) {
        Proxy proxy = Proxy.NO_PROXY;
        UpstreamSettings.Credentials proxyCredentials = null;
        RemoteRepository proxied = withProxy(session, repository, bases.get(0));
        if (proxied.getProxy() != null) {
            proxy = new Proxy(Proxy.Type.HTTP,
                    new InetSocketAddress(proxied.getProxy().getHost(), proxied.getProxy().getPort()));
            proxyCredentials = credentials(AuthenticationContext.forProxy(session, proxied));
        }
        return new UpstreamSettings(bases,
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_CONNECT_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_CONNECT_TIMEOUT)),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_REQUEST_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_REQUEST_TIMEOUT)),
                config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRIES, SlurmConfigurationKeys.DEFAULT_RETRIES),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF,
                        SlurmConfigurationKeys.DEFAULT_RETRY_BACKOFF)),
                proxy,
                proxyCredentials,
                credentials(AuthenticationContext.forRepository(session, repository)));
    }

    /**
     * The repository with the proxy settings.xml gives its plain {@code http(s)} URL: Maven selects proxies by URL
     * scheme and knows no proxy for {@code slurm+https}.
     */
    private static RemoteRepository withProxy(RepositorySystemSession session, RemoteRepository repository, String url) {
        if (repository.getProxy() != null || session.getProxySelector() == null) {
            return repository;
        }
        org.eclipse.aether.repository.Proxy proxy = session.getProxySelector().getProxy(
                new RemoteRepository.Builder(repository.getId(), repository.getContentType(), url).build());
        return proxy == null ? repository : new RemoteRepository.Builder(repository).setProxy(proxy).build();
    }

    private static UpstreamSettings.Credentials credentials(AuthenticationContext context) {
        if (context == null) {
            return null;
        }
        try (context) {
            String user = context.get(AuthenticationContext.USERNAME);
            String password = context.get(AuthenticationContext.PASSWORD);
            return user == null ? null : new UpstreamSettings.Credentials(user, password == null ? "" : password);
        }
    }

    String id() {
        return id;
    }

    /** The cache's base URL, without {@code slurm+}. */
    String cacheUrl() {
        return cacheUrl;
    }

    UpstreamClient client() {
        return client;
    }

    boolean listing() {
        return listing;
    }

    SignatureVerifier verifier() {
        return verifier;
    }

    UnsignedAllowList allowUnsigned() {
        return allowUnsigned;
    }

    /**
     * The checksum computed while a large download streams: the first Maven validates (SHA-1 by default). Maven stops
     * at the first checksum that matches, so a later one (MD5) is asked for only when that one is missing.
     */
    List<String> checksumExtensions() {
        return checksumExtensions;
    }

    VerifiedDownloads verifiedDownloads() {
        return verifiedDownloads;
    }

    /** The generations to probe for {@code coordinate}: the one that answered for it, then the last that answered. */
    List<LayoutGeneration> probeOrder(SlurmCoordinate coordinate) {
        List<LayoutGeneration> order = new ArrayList<>(layout.candidates(coordinate));
        LayoutGeneration last = lastAnswered;
        if (last != null && order.remove(last)) {
            order.add(0, last);
        }
        LayoutGeneration known = located.get(coordinate);
        if (known != null && order.remove(known)) {
            order.add(0, known);
        }
        return order;
    }

    void answered(SlurmCoordinate coordinate, LayoutGeneration generation) {
        located.put(coordinate, generation);
        lastAnswered = generation;
    }

    Optional<byte[]> signature(SlurmCoordinate coordinate) {
        return Optional.ofNullable(signatures.get(coordinate));
    }

    void signature(SlurmCoordinate coordinate, byte[] asc) {
        signatures.put(coordinate, asc);
    }

    /** Records the checksums of the bytes served for {@code path}. */
    void received(String path, Map<String, String> hex) {
        checksums.put(path, hex);
    }

    /** The checksum ({@code sha1}, …) of the bytes served for {@code path} in this session. */
    Optional<String> checksum(String path, String algorithm) {
        return Optional.ofNullable(checksums.getOrDefault(path, Map.of()).get(algorithm));
    }

    /** Logs what the upstream client does besides plain requests. */
    private static final class LoggingListener implements UpstreamListener {
        @Override
        public void retrying(URI url, String reason, int attempt, long delayMillis) {
            LOGGER.warn("{} failed ({}); retry {} in {} ms", url, reason, attempt, delayMillis);
        }

        @Override
        public void resuming(URI url, long received) {
            LOGGER.warn("Download of {} broke off after {} bytes; resuming with a Range request", url, received);
        }

        @Override
        public void failover(URI base, String reason) {
            LOGGER.warn("Slurm cache {} is unreachable ({}); using the next base URL for the rest of this build",
                    base, reason);
        }
    }

    /** For tests and messages. */
    @Override
    public String toString() {
        return id + " (" + cacheUrl + ")";
    }
}
