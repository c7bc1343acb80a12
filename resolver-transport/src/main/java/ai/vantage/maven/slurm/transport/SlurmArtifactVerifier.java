package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ModuleFileScanner;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Provider;
import javax.inject.Singleton;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.LocalArtifactRequest;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.spi.resolution.ArtifactResolverPostProcessor;
import org.eclipse.aether.util.artifact.SubArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every resolved {@code ai.vantage:slurm} tarball against its {@code .asc}, whichever repository it came from: a
 * plain repository manager, or the local repository (where a file may have been changed since it was downloaded). The
 * signature is resolved like any artifact and kept beside the tarball; the session's {@link
 * ai.vantage.maven.slurm.accept.TarballAcceptance} decides (signature, for an exact version the release its module file
 * shows, signature time, the project's {@code slurm.lock}, all from the one read that verified it). A tarball refused
 * is left unresolved, so the build fails with the reason. A file the slurm transport (or this post-processor) verified
 * in this build is not read again: it is recognized by file identity, never by coordinate, and its remembered signature
 * goes through the rule. Any artifact a POM relocated {@code ai.vantage:slurm} to is refused: the Slurm builds are
 * never relocated, so such a POM is another build in disguise.
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
            if (artifact == null || artifact.getFile() == null) {
                continue;
            }
            try {
                refuseRelocation(session, result);
                if (isSlurm(artifact) && artifact.getExtension().equals(SlurmCoordinate.EXTENSION)) {
                    verify(session, result, artifact);
                }
            } catch (VerificationException | IOException | IllegalArgumentException | RepositoryException e) {
                result.addException(e);
                result.setArtifact(artifact.setFile(null));
            }
        }
    }

    private static boolean isSlurm(Artifact artifact) {
        return SlurmCoordinate.isSlurm(artifact.getGroupId(), artifact.getArtifactId());
    }

    /** Refuses an artifact that a POM of {@code ai.vantage:slurm} relocated, naming the repository of that POM. */
    private static void refuseRelocation(RepositorySystemSession session, ArtifactResult result)
            throws RepositoryException {
        DependencyNode node = result.getRequest().getDependencyNode();
        if (node == null) {
            return;
        }
        for (Artifact relocated : node.getRelocations()) {
            if (isSlurm(relocated)) {
                Artifact pom = new DefaultArtifact(relocated.getGroupId(), relocated.getArtifactId(), "pom",
                        relocated.getVersion());
                RemoteRepository served = session.getLocalRepositoryManager().find(session, new LocalArtifactRequest(
                        pom, result.getRequest().getRepositories(), result.getRequest().getRequestContext()))
                        .getRepository();
                throw new RepositoryException("Refusing " + result.getArtifact() + ": the POM of " + relocated
                        + " served by " + (served != null ? describe(served)
                                : "one of " + result.getRequest().getRepositories().stream()
                                        .map(SlurmArtifactVerifier::describe).toList())
                        + " relocates it there, but ai.vantage:slurm is never relocated: that repository serves "
                        + "another artifact in place of the signed Slurm build. Remove the repository or fix its "
                        + "ai.vantage:slurm POM");
            }
        }
    }

    private static String describe(RemoteRepository repository) {
        return repository.getId() + " (" + repository.getUrl() + ")";
    }

    private void verify(RepositorySystemSession session, ArtifactResult result, Artifact artifact)
            throws VerificationException, IOException {
        SlurmVersion version = SlurmVersion.parse(artifact.getVersion());
        SlurmCoordinate coordinate = version.coordinate(artifact.getClassifier());
        Optional<ExactRelease> exact = version.exact();
        SlurmSession state = SlurmSession.of(session);
        LockFile lock = state.lock(session).lock();
        Path file = artifact.getFile().toPath();
        Artifact signature = new SubArtifact(artifact, "*", SIGNATURE_EXTENSION);
        File asc;
        try {
            ArtifactRequest request = new ArtifactRequest(
                    signature, result.getRequest().getRepositories(), result.getRequest().getRequestContext());
            asc = repositorySystem.get().resolveArtifact(session, request).getArtifact().getFile();
        } catch (ArtifactResolutionException e) {
            VerificationException missing = VerificationException.noSignature(coordinate.toString(), signature
                    + " in the local repository and " + result.getRequest().getRepositories().stream()
                            .map(SlurmArtifactVerifier::describe).toList() + (session.isOffline() ? " (offline)" : ""));
            SlurmSession.log(LOGGER, state.acceptance().accept(Candidate.refused(coordinate, missing)
                    .exactRelease(exact, () -> releaseOf(file)).lock(lock, () -> Checksums.sha256(file))));
            return;
        }
        Optional<String> identity = VerifiedFiles.identity(file);
        Optional<SlurmSession.Verified> earlier = state.verified(identity)
                .filter(seen -> exact.isEmpty() || seen.release().isPresent());
        if (earlier.isPresent()) { // the same file, verified by the transport or here in this build: not read again
            state.acceptance().accept(Candidate.of(coordinate, earlier.get()::signature)
                    .exactRelease(exact, () -> earlier.get().release().orElseThrow())
                    .lock(lock, earlier.get()::sha256));
            LOGGER.debug("{} re-checked: the file {} verified earlier in this build", coordinate, file);
            return;
        }
        Checksums read = new Checksums(List.of("sha256")); // the lock's digest, from the signature's read
        ModuleFileScanner module = new ModuleFileScanner(); // an exact release's module file, from the same read
        ObservedInputStream.Observer hash = read::update;
        VerificationResult[] verified = new VerificationResult[1];
        SignatureOutcome outcome;
        try (BackgroundObserver scan = exact.isEmpty() ? null // inflating runs beside the hashes, on a core of its own
                : new BackgroundObserver(module, "slurm-module " + coordinate)) {
            ObservedInputStream.Observer alsoSees = scan == null ? hash : hash.andThen(scan);
            outcome = state.acceptance().accept(Candidate.of(coordinate, () -> {
                try (InputStream in = Files.newInputStream(asc.toPath())) {
                    verified[0] = state.localVerifier().verify(coordinate.toString(), file, in, alsoSees);
                    return verified[0];
                }
            }).exactRelease(exact, () -> {
                scan.finish();
                return module.shown();
            }).lock(lock, () -> verified[0] != null ? read.hex().get("sha256") : Checksums.sha256(file)));
        }
        SlurmSession.log(LOGGER, outcome);
        if (outcome.isVerified() && identity.equals(VerifiedFiles.identity(file))) {
            state.verified(identity, verified[0], read.hex().get("sha256"), exact.map(e -> module.shown()));
        }
    }

    /** The release the module file of {@code file} shows, in one read of its own (a build allowed unsigned). */
    private static ReleaseShown releaseOf(Path file) throws IOException {
        ModuleFileScanner module = new ModuleFileScanner();
        try (InputStream in = new ObservedInputStream(Files.newInputStream(file), module)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return module.shown();
    }
}
