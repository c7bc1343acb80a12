package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Provider;
import javax.inject.Singleton;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.spi.resolution.ArtifactResolverPostProcessor;
import org.eclipse.aether.util.artifact.SubArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every resolved {@code ai.vantage:slurm} tarball against its {@code .asc}, whichever repository it came
 * from: a plain repository manager, or the local repository (where a file may have been changed since it was
 * downloaded). The signature is resolved like any artifact and kept beside the tarball. A tarball that does not
 * verify is left unresolved, so the build fails with the reason. One the slurm transport verified as it downloaded
 * in this build is not read again.
 */
@Singleton
@Named(SlurmArtifactVerifier.NAME)
public final class SlurmArtifactVerifier implements ArtifactResolverPostProcessor {

    /** The name of this post-processor. */
    public static final String NAME = "slurm-signature";

    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmArtifactVerifier.class);
    private static final String SIGNATURE_EXTENSION = SlurmCoordinate.EXTENSION + CacheLayout.SIGNATURE_SUFFIX;

    private final Provider<RepositorySystem> repositorySystem;

    @Inject
    public SlurmArtifactVerifier(Provider<RepositorySystem> repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void postProcess(RepositorySystemSession session, List<ArtifactResult> artifactResults) {
        for (ArtifactResult result : artifactResults) {
            Artifact artifact = result.getArtifact();
            if (artifact == null || artifact.getFile() == null || !isSlurmTarball(artifact)) {
                continue;
            }
            try {
                verify(session, result, artifact);
            } catch (VerificationException | IOException | IllegalArgumentException e) {
                result.addException(e);
                result.setArtifact(artifact.setFile(null));
            }
        }
    }

    private static boolean isSlurmTarball(Artifact artifact) {
        return artifact.getGroupId().equals(SlurmCoordinate.GROUP_ID)
                && artifact.getArtifactId().equals(SlurmCoordinate.ARTIFACT_ID)
                && artifact.getExtension().equals(SlurmCoordinate.EXTENSION);
    }

    private void verify(RepositorySystemSession session, ArtifactResult result, Artifact artifact)
            throws VerificationException, IOException {
        SlurmCoordinate coordinate = SlurmCoordinate.of(artifact.getVersion(), artifact.getClassifier());
        SlurmSession state = SlurmSession.of(session);
        SignaturePolicy policy = state.settings().policy();
        Artifact signature = new SubArtifact(artifact, "*", SIGNATURE_EXTENSION);
        File asc;
        try {
            ArtifactRequest request = new ArtifactRequest(
                    signature, result.getRequest().getRepositories(), result.getRequest().getRequestContext());
            asc = repositorySystem.get().resolveArtifact(session, request).getArtifact().getFile();
        } catch (ArtifactResolutionException e) {
            SlurmSession.log(LOGGER, policy.unsigned(coordinate, signature + " in the local repository and "
                    + result.getRequest().getRepositories().stream().map(r -> r.getId() + " (" + r.getUrl() + ")")
                            .toList() + (session.isOffline() ? " (offline)" : "")));
            return;
        }
        if (state.wasVerified(coordinate)) {
            LOGGER.debug("{} re-checked: the slurm transport verified it as it downloaded in this build", coordinate);
            return;
        }
        SlurmSession.log(LOGGER, policy.apply(coordinate, () -> {
            try (InputStream in = Files.newInputStream(asc.toPath())) {
                return state.localVerifier().verify(coordinate.toString(), artifact.getFile().toPath(), in);
            }
        }));
    }
}
