package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.cache.SlurmSettings;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.slf4j.Logger;

/**
 * What the extension keeps for one build session: its {@link SlurmSettings} (read and checked once), the
 * {@link SlurmCache} of each slurm+ repository, and the builds the transport verified as they downloaded.
 */
final class SlurmSession {

    private static final String KEY = SlurmSession.class.getName();

    private final SlurmSettings settings;
    private final Map<String, SlurmCache> caches = new ConcurrentHashMap<>();
    private final Set<SlurmCoordinate> verified = ConcurrentHashMap.newKeySet();
    private volatile SignatureVerifier localVerifier;

    private SlurmSession(SlurmSettings settings) {
        this.settings = settings;
    }

    /**
     * The session's state, made on first use.
     *
     * @throws IllegalArgumentException when a setting is invalid, naming it, its value and what is valid
     */
    static SlurmSession of(RepositorySystemSession session) {
        return (SlurmSession) session.getData().computeIfAbsent(KEY, () -> new SlurmSession(SlurmSettings.of(
                session.getConfigProperties(), session.getLocalRepository().getBasedir().toPath())));
    }

    SlurmSettings settings() {
        return settings;
    }

    /** The cache behind {@code repository}, made on first use. */
    SlurmCache cache(RepositorySystemSession session, RemoteRepository repository, Logger log) {
        return caches.computeIfAbsent(repository.getId() + " " + repository.getUrl(), key -> new SlurmCache(settings,
                settings.repository(repository.getId()), UpstreamAccess.client(session, repository,
                        settings.repository(repository.getId())), log::info));
    }

    /** The verifier for files already on disk: pinned keys, key files and the local key cache (no remote keys). */
    SignatureVerifier localVerifier() {
        SignatureVerifier verifier = localVerifier;
        if (verifier == null) {
            verifier = settings.verifier(null);
            localVerifier = verifier;
        }
        return verifier;
    }

    /** Records that the transport verified {@code coordinate} while it downloaded. */
    void verified(SlurmCoordinate coordinate) {
        verified.add(coordinate);
    }

    /** Whether the transport verified {@code coordinate} while it downloaded in this session. */
    boolean wasVerified(SlurmCoordinate coordinate) {
        return verified.contains(coordinate);
    }

    /** Logs {@code outcome}: "Verified …" at INFO, the allowed-unsigned warning at WARN. */
    static void log(Logger log, SignatureOutcome outcome) {
        if (outcome.isVerified()) {
            log.info(outcome.message());
        } else {
            log.warn(outcome.message());
        }
    }
}
