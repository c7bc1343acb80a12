package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.config.SlurmConfig;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import java.nio.file.Path;
import org.eclipse.aether.RepositorySystemSession;

/** Builds signature verifiers from a session: pinned keys and key files from its configuration, and the key cache in its local repository. */
final class Verifiers {

    private Verifiers() {}

    static SignatureVerifier.Builder builder(RepositorySystemSession session, SlurmConfig config) {
        Object root = session.getConfigProperties().get("maven.multiModuleProjectDirectory");
        Path base = root == null ? Path.of("").toAbsolutePath() : Path.of(root.toString());
        return SignatureVerifier.builder(config, base)
                .keyCache(session.getLocalRepository().getBasedir().toPath().resolve(KeySources.LOCAL_REPOSITORY_KEY_CACHE));
    }
}
