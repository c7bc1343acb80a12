package ai.vantage.maven.slurm.plugin;

import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.install.HostDetector;
import ai.vantage.maven.slurm.install.InstalledCheck;
import ai.vantage.maven.slurm.install.SlurmInstaller;
import ai.vantage.maven.slurm.install.TarballReader;
import ai.vantage.maven.slurm.install.TarballSource;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.SlurmVersion;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import ai.vantage.maven.slurm.session.SharedSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.apache.maven.model.Dependency;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
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
 * The goals that work on one Slurm build: which one (version, toolchain, architecture), resolved how. A build asked
 * for by an exact release ({@code 25.11.6}) is its series build ({@code 25.11}), resolved by the exact version and
 * checked after the one read to be that release.
 */
abstract class AbstractBuildMojo extends AbstractSlurmMojo {

    /**
     * The Slurm series, e.g. {@code 25.11}, or an exact release of it, e.g. {@code 25.11.6}; by default the version of
     * {@code ai.vantage:slurm} the project manages.
     */
    @Parameter(property = VERSION)
    String version;

    /**
     * The toolchain ({@code noble}, {@code jammy}, {@code resolute}, {@code rockylinux8/9/10}); detected from the host
     * by default, except by {@code lock}, which without it locks only the builds the project names.
     */
    @Parameter(property = TOOLCHAIN)
    String toolchain;

    /** The architecture ({@code amd64}, {@code arm64}); detected from the host by default. */
    @Parameter(property = "slurm.arch")
    String arch;

    /** Skips the goal. */
    @Parameter(property = SKIP, defaultValue = "false")
    boolean skip;

    /**
     * The cache whose signed Spack mirror a build's SBOM is made from; by default the project's slurm+ repository. It
     * was slurm.sbom.upstream, which still works, with a warning.
     */
    @Parameter(property = UPSTREAM)
    String upstream;

    private SlurmSbomSource sbomSource;

    @Component
    RepositorySystem repositorySystem;

    /** The exact releases asked for, by the series build each maps to. */
    private final Map<SlurmCoordinate, ExactRelease> exactReleases = new HashMap<>();

    @Override
    boolean skipped() {
        return skip;
    }

    /** Whether the build is fetched and verified anew rather than taken from the local repository. */
    abstract boolean refresh();

    /** The build this goal works on. */
    SlurmCoordinate coordinate() throws MojoExecutionException {
        try {
            HostDetector host = HostDetector.ofThisHost();
            Toolchain t = toolchain != null ? Toolchain.of(toolchain) : host.toolchain();
            Arch a = arch != null ? Arch.of(arch) : host.arch();
            String classifier = SlurmCoordinate.classifier(t, a);
            String asked = version != null ? version : managedVersion(classifier).orElseThrow(() ->
                    new MojoExecutionException("No Slurm series given: set -Dslurm.version=25.11 (or an exact release, "
                            + "25.11.6; or <version> in the plugin configuration), or import "
                            + "ai.vantage.maven:slurm-bom in <dependencyManagement>"));
            SlurmVersion slurmVersion = SlurmVersion.parse(asked);
            return build(slurmVersion, classifier);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * The series build {@code slurmVersion} of {@code classifier} names, remembering the exact release it asks for
     * (resolved by that version and required of the tree).
     *
     * @throws IllegalArgumentException for a malformed classifier, or when the build is asked for as two releases
     */
    SlurmCoordinate build(SlurmVersion slurmVersion, String classifier) {
        SlurmCoordinate coordinate = slurmVersion.coordinate(classifier);
        slurmVersion.exact().ifPresent(release -> {
            ExactRelease other = exactReleases.putIfAbsent(coordinate, release);
            if (other != null && !other.sameRelease(release)) {
                throw new IllegalArgumentException(coordinate + " is asked for as Slurm " + other + " and as " + release
                        + ": pick one version");
            }
        });
        return coordinate;
    }

    /**
     * The version the project manages for {@code ai.vantage:slurm} of {@code classifier} (its own entry, e.g. an exact
     * release, wins over an imported BOM's), else the series of the first it manages for any classifier (an exact
     * release of another toolchain says nothing of this one).
     */
    private Optional<String> managedVersion(String classifier) {
        if (project.getDependencyManagement() == null) {
            return Optional.empty();
        }
        List<Dependency> managed = project.getDependencyManagement().getDependencies().stream()
                .filter(d -> SlurmCoordinate.isSlurm(d.getGroupId(), d.getArtifactId()))
                .toList();
        return managed.stream().filter(d -> classifier.equals(d.getClassifier())).findFirst()
                .map(Dependency::getVersion)
                .or(() -> managed.stream().findFirst().map(d -> SlurmVersion.parse(d.getVersion()).series()));
    }

    /** {@code coordinate} for the log, with the exact release asked for, e.g. {@code … (Slurm 25.11.6)}. */
    String describe(SlurmCoordinate coordinate) {
        ExactRelease exact = exactReleases.get(coordinate);
        return exact == null ? coordinate.toString() : coordinate + " (Slurm " + exact + ")";
    }

    /** Where SBOMs come from: the cache of {@value #UPSTREAM}, else empty when the project has none. */
    Optional<SlurmSbomSource> sbomSource() throws MojoExecutionException {
        Optional<String> from = upstreamIfAny(upstream, "slurm.sbom.upstream");
        if (sbomSource == null && from.isPresent()) {
            sbomSource = new SlurmSbomSource(cache(from.get()));
        }
        return Optional.ofNullable(sbomSource);
    }

    /** {@link #sbomSource()}, failing when there is no cache to read the spec from. */
    SlurmSbomSource requiredSbomSource() throws MojoExecutionException {
        return sbomSource().orElseThrow(() -> new MojoExecutionException("slurm:" + goal() + " needs the cache whose "
                + "Spack mirror signs the spec: -D" + UPSTREAM + "=https://… (or run it in a project with a "
                + "slurm+https:// repository)"));
    }

    /** The exact release {@code coordinate} was asked for as, if any. */
    Optional<ExactRelease> exactRelease(SlurmCoordinate coordinate) {
        return Optional.ofNullable(exactReleases.get(coordinate));
    }

    /** The artifact of {@code coordinate}, by the exact version it was asked for if any. */
    private Artifact artifact(SlurmCoordinate coordinate, String extension) {
        String mavenVersion = new SlurmVersion(coordinate.series(), Optional.ofNullable(exactReleases.get(coordinate)))
                .mavenVersion();
        return new DefaultArtifact(SlurmCoordinate.GROUP_ID, SlurmCoordinate.ARTIFACT_ID, coordinate.classifier(),
                extension, mavenVersion);
    }

    /** The tarball, if the local repository has it already (no remote access). */
    Optional<Path> localTarball(SlurmCoordinate coordinate) {
        LocalArtifactResult result = local(coordinate);
        return result.getFile() != null && result.getFile().isFile() ? Optional.of(result.getFile().toPath())
                : Optional.empty();
    }

    /** The id of the project repository the local repository's tarball came from, when it records one. */
    Optional<String> origin(SlurmCoordinate coordinate) {
        return Optional.ofNullable(local(coordinate).getRepository()).map(RemoteRepository::getId);
    }

    private LocalArtifactResult local(SlurmCoordinate coordinate) {
        RepositorySystemSession repositorySession = session.getRepositorySession();
        return repositorySession.getLocalRepositoryManager().find(repositorySession,
                new LocalArtifactRequest(artifact(coordinate, SlurmCoordinate.EXTENSION),
                        project.getRemoteProjectRepositories(), null));
    }

    /** Resolves the tarball through the project's repositories; with {@code slurm.refresh}, fetched anew. */
    Path resolveTarball(SlurmCoordinate coordinate) throws MojoExecutionException {
        if (refresh()) {
            fetchAnew(coordinate);
        }
        try {
            return resolve(artifact(coordinate, SlurmCoordinate.EXTENSION));
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException(cannotResolve(coordinate, e), e);
        }
    }

    private String cannotResolve(SlurmCoordinate coordinate, ArtifactResolutionException e) {
        return "Cannot resolve " + describe(coordinate) + ": " + e.getMessage();
    }

    /**
     * The tarball of {@code coordinate} as an install fetches it (under the prefix's lock): through the project's
     * repositories, its bytes handed to the install's unpack as they arrive when the slurm transport downloads them
     * (the pipe waits in the repository session's data, the one place extension and plugin share). With
     * {@code slurm.refresh}, the local repository's copy is dropped first.
     */
    TarballSource tarballSource(SlurmCoordinate coordinate) throws MojoExecutionException {
        if (refresh()) {
            fetchAnew(coordinate);
        }
        return new TarballSource() {
            @Override
            public Optional<Path> local() {
                return localTarball(coordinate);
            }

            @Override
            public Optional<Path> signature() {
                return Optional.ofNullable(resolveSignature(coordinate));
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

    /**
     * Says so and deletes the local repository's copy of the tarball and its {@code .asc}, if there is one, so they
     * are fetched and verified anew.
     */
    private void fetchAnew(SlurmCoordinate coordinate) throws MojoExecutionException {
        getLog().info("Refreshing " + coordinate + ": fetching and verifying it again");
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

    /** The project's {@code slurm.lock} (at the top-level project directory); empty when there is none. */
    LockFile lock() throws MojoExecutionException {
        try {
            return LockFile.read(lockPath());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** Where {@code slurm.lock} is: the top-level project directory. */
    Path lockPath() throws MojoExecutionException {
        return settings().projectDirectory().resolve(LockFile.FILE_NAME);
    }

    /** Resolves the tarball's {@code .asc}, or null when no repository has it. */
    Path resolveSignature(SlurmCoordinate coordinate) {
        try {
            return resolve(artifact(coordinate, SlurmCoordinate.EXTENSION + ".asc"));
        } catch (ArtifactResolutionException e) {
            getLog().debug("No signature of " + coordinate + ": " + e.getMessage());
            return null;
        }
    }

    /** The session artifacts are resolved with: the build's. */
    RepositorySystemSession resolutionSession() {
        return session.getRepositorySession();
    }

    private Path resolve(Artifact artifact) throws ArtifactResolutionException {
        return repositorySystem.resolveArtifact(resolutionSession(),
                        new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null))
                .getArtifact().getFile().toPath();
    }

    /**
     * The installer, with today's trust: its already-installed check needs no OpenPGP code, its one read is built only
     * when there is something to install, and the read's signature verifier only when it checks a signature itself
     * (not for bytes the transport vouched for as it streamed them): Bouncy Castle's signed jars are then verified
     * in the extension's realm only.
     */
    SlurmInstaller installer() throws MojoExecutionException {
        SlurmSettings settings = settings();
        return new SlurmInstaller(new InstalledCheck(settings.trusted(), settings.policy(), exactReleases, lock(),
                getLog()::info), () -> reader(settings), getLog()::info, getLog()::warn);
    }

    /** The one read of a tarball, with today's trust and the local repository's record of signature times. */
    TarballReader reader() throws MojoExecutionException {
        return reader(settings());
    }

    private TarballReader reader(SlurmSettings settings) {
        return new TarballReader(() -> settings.verifier(null), settings.policy(), settings.signatureTimes(getLog()::warn),
                getLog()::info, getLog()::warn).verifiedInThisBuild(shared().verifiedFiles(), getLog()::debug)
                .exactReleases(exactReleases);
    }

    /** What the plugin shares with the extension through the repository session. */
    private SharedSession shared() {
        SessionData data = session.getRepositorySession().getData();
        return SharedSession.of(data::get, data::set, data::computeIfAbsent);
    }
}
