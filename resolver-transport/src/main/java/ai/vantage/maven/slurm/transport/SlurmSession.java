package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.session.SharedSession;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.SessionData;
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
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final LockCheck lock;
    private final TarballAcceptance acceptance;
    private volatile SignatureVerifier localVerifier;

    private SlurmSession(SlurmSettings settings, Set<String> verifiedFiles) {
        this.settings = settings;
        this.verifiedFiles = verifiedFiles;
        this.acceptance = new TarballAcceptance(settings.policy(), settings.signatureTimes(LOGGER::warn),
                TarballAcceptance.Memory.CHECK);
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

    private static Set<String> verifiedFiles(RepositorySystemSession session) {
        return shared(session).verifiedFiles();
    }

    /** What the extension shares with the plugin through {@code session}'s data. */
    static SharedSession shared(RepositorySystemSession session) {
        SessionData data = session.getData();
        return SharedSession.of(data::get, data::set, data::computeIfAbsent);
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
     * The acceptance rule for the transport and the post-processor: signature times are only compared here, never
     * recorded, since the extension cannot tell whether a tarball is the build asked for; the plugin records after
     * its identity check.
     */
    TarballAcceptance acceptance() {
        return acceptance;
    }

    /**
     * The lock resolution in {@code session} is held to: the project's, except on the session {@code slurm:lock}
     * fetches the builds it locks anew with ({@link SharedSession#isRelocking}).
     */
    LockCheck lock(RepositorySystemSession session) {
        return SharedSession.isRelocking(session.getConfigProperties()) ? LockCheck.NONE : lock;
    }

    /**
     * A file's signature and SHA-256, as the read that verified it in this session found them, and the release its
     * module file shows when that read looked (for an exact version).
     */
    record Verified(VerificationResult signature, String sha256, Optional<ReleaseShown> release) {}

    /**
     * Records that the file {@code identity} ({@link VerifiedFiles#identity}) verified in this session, its signature
     * and the SHA-256 the verifying read computed, and the release it read from the module file, if it read one.
     */
    void verified(Optional<String> identity, VerificationResult signature, String sha256,
            Optional<ReleaseShown> release) {
        identity.ifPresent(id -> {
            verified.put(id, new Verified(signature, sha256, release));
            verifiedFiles.add(id);
        });
    }

    /** What the file of {@code identity} verified as in this session, as {@link #verified} recorded. */
    Optional<Verified> verified(Optional<String> identity) {
        return identity.map(verified::get);
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
