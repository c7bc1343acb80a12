package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the extension keeps for one build session: its {@link SlurmSettings} (read and checked once), the
 * {@link SlurmCache} of each slurm+ repository, the rollback protection of the local repository, the project's
 * {@code slurm.lock} ({@link LockCheck}), and the files whose signature verified in this build ({@link VerifiedFiles}:
 * by file identity, never by coordinate; shared with the plugin through the session's data) with their SHA-256.
 */
final class SlurmSession {

    private static final String KEY = SlurmSession.class.getName();
    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmSession.class);

    private final SlurmSettings settings;
    private final Map<String, SlurmCache> caches = new ConcurrentHashMap<>();
    private final Set<String> verifiedFiles;
    private final Map<String, String> verifiedSha256 = new ConcurrentHashMap<>();
    private final LockCheck lock;
    private final SignatureTimeLedger signatureTimes;
    private volatile SignatureVerifier localVerifier;

    private SlurmSession(SlurmSettings settings, Set<String> verifiedFiles) {
        this.settings = settings;
        this.verifiedFiles = verifiedFiles;
        this.signatureTimes = settings.signatureTimes(LOGGER::warn);
        this.lock = new LockCheck(settings.projectDirectory().resolve(LockFile.FILE_NAME));
    }

    /**
     * The session's state, made on first use.
     *
     * @throws IllegalArgumentException when a setting is invalid, naming it, its value and what is valid
     */
    static SlurmSession of(RepositorySystemSession session) {
        return (SlurmSession) session.getData().computeIfAbsent(KEY, () -> new SlurmSession(SlurmSettings.of(
                session.getConfigProperties(), session.getLocalRepository().getBasedir().toPath()),
                verifiedFiles(session)));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> verifiedFiles(RepositorySystemSession session) {
        return (Set<String>) session.getData().computeIfAbsent(VerifiedFiles.SESSION_KEY,
                () -> ConcurrentHashMap.<String>newKeySet());
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

    /**
     * The rollback protection: only checked here ({@link SignatureTimeLedger#check}), never recorded, since the
     * extension cannot tell whether a tarball is the build asked for; the plugin records after its identity check.
     */
    SignatureTimeLedger signatureTimes() {
        return signatureTimes;
    }

    /**
     * The lock resolution in {@code session} is held to: the project's, except on the session {@code slurm:lock}
     * fetches the builds it locks anew with ({@link LockFile#CONFIG_PROP_RELOCKING}).
     */
    LockCheck lock(RepositorySystemSession session) {
        return Boolean.TRUE.equals(session.getConfigProperties().get(LockFile.CONFIG_PROP_RELOCKING))
                ? LockCheck.NONE : lock;
    }

    /**
     * Records that the file {@code identity} ({@link VerifiedFiles#identity}) verified in this session, and the SHA-256
     * the verifying read computed.
     */
    void verified(Optional<String> identity, String sha256) {
        identity.ifPresent(id -> {
            verifiedSha256.put(id, sha256);
            verifiedFiles.add(id);
        });
    }

    /** The SHA-256 of the file of {@code identity} when it verified in this session, as {@link #verified} recorded. */
    Optional<String> verifiedSha256(Optional<String> identity) {
        return identity.map(verifiedSha256::get);
    }

    /** Whether the file of {@code identity} ({@link VerifiedFiles#identity}) verified in this session. */
    boolean wasVerified(Optional<String> identity) {
        return identity.isPresent() && verifiedFiles.contains(identity.get());
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
