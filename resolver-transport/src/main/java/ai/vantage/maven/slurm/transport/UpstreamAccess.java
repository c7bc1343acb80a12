package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.config.RepositorySettings;
import ai.vantage.maven.slurm.upstream.SlurmScheme;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.AuthenticationContext;
import org.eclipse.aether.repository.RemoteRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link UpstreamClient} for a slurm+ repository with what settings.xml gives it: proxy and credentials. The
 * repository's {@code <server>} credentials go to its own URL only; a mirror of {@code slurm.mirrors} gets those of the
 * {@code <server>} its entry names ({@code <server-id>=<url>}), and none otherwise.
 */
final class UpstreamAccess {

    private static final Logger LOGGER = LoggerFactory.getLogger(UpstreamAccess.class);

    private UpstreamAccess() {}

    static UpstreamClient client(RepositorySystemSession session, RemoteRepository repository,
            RepositorySettings settings) {
        String cacheUrl = SlurmScheme.cacheUrl(repository.getUrl()).orElseThrow();
        Proxy proxy = Proxy.NO_PROXY;
        UpstreamSettings.Credentials proxyCredentials = null;
        RemoteRepository proxied = withProxy(session, repository, cacheUrl);
        if (proxied.getProxy() != null) {
            proxy = new Proxy(Proxy.Type.HTTP,
                    new InetSocketAddress(proxied.getProxy().getHost(), proxied.getProxy().getPort()));
            proxyCredentials = credentials(AuthenticationContext.forProxy(session, proxied));
        }
        return new UpstreamClient(settings.upstream(cacheUrl, proxy, proxyCredentials,
                credentials(AuthenticationContext.forRepository(session, repository)),
                serverId -> serverCredentials(session, serverId)),
                UpstreamListener.logging(LOGGER::warn, UpstreamListener.NONE));
    }

    /** The credentials of the settings.xml {@code <server>} {@code serverId}, or null. */
    private static UpstreamSettings.Credentials serverCredentials(RepositorySystemSession session, String serverId) {
        RemoteRepository server = new RemoteRepository.Builder(serverId, "default", "https://" + serverId + "/").build();
        if (session.getAuthenticationSelector() == null) {
            return null;
        }
        return credentials(AuthenticationContext.forRepository(session, new RemoteRepository.Builder(server)
                .setAuthentication(session.getAuthenticationSelector().getAuthentication(server)).build()));
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
}
