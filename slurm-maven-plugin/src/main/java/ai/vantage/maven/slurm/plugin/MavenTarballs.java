package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.install.TarballSource;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.session.SharedSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.SessionData;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalArtifactRequest;
import org.eclipse.aether.repository.LocalArtifactResult;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The requested builds' tarballs and signatures through Maven: found in the build's local repository, resolved from
 * the project's repositories, and handed to an install as its {@link TarballSource}. With {@code slurm.refresh}, the
 * local repository's copy is dropped first, so the bytes are fetched and verified anew.
 */
final class MavenTarballs {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final RepositorySystemSession resolution;
    private final List<RemoteRepository> repositories;
    private final RequestedBuilds builds;
    private final boolean refresh;
    private final Log log;

    /**
     * @param session the build's repository session: its local repository, and the data shared with the extension
     * @param resolution the session artifacts are resolved with
     * @param repositories the project's repositories
     * @param builds the builds asked for, whose exact releases are the versions resolved
     * @param refresh whether the local repository's copy is dropped before a build is resolved
     */
    MavenTarballs(RepositorySystem system, RepositorySystemSession session, RepositorySystemSession resolution,
            List<RemoteRepository> repositories, RequestedBuilds builds, boolean refresh, Log log) {
        this.system = system;
        this.session = session;
        this.resolution = resolution;
        this.repositories = repositories;
        this.builds = builds;
        this.refresh = refresh;
        this.log = log;
    }

    /** Resolves the tarball through the project's repositories. */
    Path resolve(SlurmCoordinate coordinate) throws MojoExecutionException {
        if (refresh) {
            fetchAnew(coordinate);
        }
        try {
            return resolve(artifact(coordinate, SlurmCoordinate.EXTENSION));
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException(cannotResolve(coordinate, e), e);
        }
    }

    /** Resolves the tarball's {@code .asc}; empty when no repository has it. */
    Optional<Path> signature(SlurmCoordinate coordinate) {
        try {
            return Optional.of(resolve(artifact(coordinate, SlurmCoordinate.EXTENSION + ".asc")));
        } catch (ArtifactResolutionException e) {
            log.debug("No signature of " + coordinate + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The id of the project repository the local repository's tarball came from, when it records one. */
    Optional<String> origin(SlurmCoordinate coordinate) {
        return Optional.ofNullable(local(coordinate).getRepository()).map(RemoteRepository::getId);
    }

    /**
     * The tarball of {@code coordinate} as an install fetches it (under the prefix's lock): through the project's
     * repositories, its bytes handed to the install's unpack as they arrive when the slurm transport downloads them
     * (the pipe waits in the repository session's data, the one place extension and plugin share).
     */
    TarballSource source(SlurmCoordinate coordinate) throws MojoExecutionException {
        if (refresh) {
            fetchAnew(coordinate);
        }
        return new TarballSource() {
            @Override
            public Optional<Path> local() {
                return localTarball(coordinate);
            }

            @Override
            public Optional<Path> signature() {
                return MavenTarballs.this.signature(coordinate);
            }

            @Override
            public void dropLocal() throws IOException {
                try {
                    fetchAnew(coordinate);
                } catch (MojoExecutionException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public Path fetch(Flow.Subscriber<ByteBuffer> tee) throws IOException {
                SharedSession shared = shared();
                boolean waiting = tee != null && shared.offerPipe(coordinate, tee); // not if another install waits
                try {
                    return resolve(artifact(coordinate, SlurmCoordinate.EXTENSION));
                } catch (ArtifactResolutionException e) {
                    throw new IOException(cannotResolve(coordinate, e), e);
                } finally {
                    if (waiting) {
                        shared.withdrawPipe(coordinate, tee);
                    }
                }
            }

            @Override
            public Optional<SharedSession.StreamedBytes> verifiedAsStreamed(Flow.Subscriber<ByteBuffer> tee) {
                return shared().streamedBytes(coordinate, tee);
            }
        };
    }

    /** What the plugin shares with the extension through the build's repository session. */
    SharedSession shared() {
        SessionData data = session.getData();
        return SharedSession.of(data::get, data::set, data::computeIfAbsent);
    }

    private String cannotResolve(SlurmCoordinate coordinate, ArtifactResolutionException e) {
        return "Cannot resolve " + builds.describe(coordinate) + ": " + e.getMessage();
    }

    /**
     * Says so and deletes the local repository's copy of the tarball and its {@code .asc}, if there is one, so they
     * are fetched and verified anew.
     */
    private void fetchAnew(SlurmCoordinate coordinate) throws MojoExecutionException {
        log.info("Refreshing " + coordinate + ": fetching and verifying it again");
        Optional<Path> local = localTarball(coordinate);
        if (local.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(local.get().resolveSibling(local.get().getFileName() + ".asc"));
            Files.delete(local.get());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot refresh " + coordinate + ": " + e.getMessage(), e);
        }
    }

    /** The tarball, if the local repository has it already (no remote access). */
    private Optional<Path> localTarball(SlurmCoordinate coordinate) {
        LocalArtifactResult result = local(coordinate);
        return result.getFile() != null && result.getFile().isFile() ? Optional.of(result.getFile().toPath())
                : Optional.empty();
    }

    private LocalArtifactResult local(SlurmCoordinate coordinate) {
        return session.getLocalRepositoryManager().find(session,
                new LocalArtifactRequest(artifact(coordinate, SlurmCoordinate.EXTENSION), repositories, null));
    }

    /** The artifact of {@code coordinate}, by the exact version it was asked for if any. */
    private Artifact artifact(SlurmCoordinate coordinate, String extension) {
        return new DefaultArtifact(SlurmCoordinate.GROUP_ID, SlurmCoordinate.ARTIFACT_ID, coordinate.classifier(),
                extension, builds.mavenVersion(coordinate));
    }

    private Path resolve(Artifact artifact) throws ArtifactResolutionException {
        return system.resolveArtifact(resolution, new ArtifactRequest(artifact, repositories, null))
                .getArtifact().getFile().toPath();
    }
}
