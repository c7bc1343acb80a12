package ai.vantage.maven.slurm.transport;

import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.cache.VerifiedDownload;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.metadata.MavenPath;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.metadata.MetadataSynthesizer;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.sbom.SlurmSbom;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import ai.vantage.maven.slurm.session.SharedSession;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.eclipse.aether.spi.connector.transport.AbstractTransporter;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.PutTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates Maven's requests for {@code ai/vantage/slurm/…} onto the repository's {@link SlurmCache}: tarballs (hashed
 * as they stream, then held to the session's {@link ai.vantage.maven.slurm.accept.TarballAcceptance}: signature,
 * signature time, {@code slurm.lock}; one refused never reaches the local repository, one accepted is remembered by
 * file identity with its signature and SHA-256) and signatures, a synthesized POM and {@code maven-metadata.xml}. An
 * exact version ({@code 25.11.6}) is its series' build while the toolchain's signed Spack mirror says upstream holds
 * that release (refused at once when it says another), and its bytes are used only when the tarball's own module file,
 * read in the same pass, names that release: a missing or replayed index never stands for the bytes. The checksums of
 * every file are handed to Maven with the file ({@link GetTask#setChecksum}), so Maven never asks for a {@code .sha1}
 * the cache does not publish.
 */
final class SlurmTransporter extends AbstractTransporter {

    private static final Logger LOGGER = LoggerFactory.getLogger(SlurmTransporter.class);

    private final SlurmCache cache;
    private final SlurmSession session;
    private final LockCheck lock;
    private final SharedSession shared;

    SlurmTransporter(SlurmCache cache, SlurmSession session, LockCheck lock, SharedSession shared) {
        this.cache = cache;
        this.session = session;
        this.lock = lock;
        this.shared = shared;
    }

    @Override
    public int classify(Throwable error) {
        return error instanceof NotFoundException ? Transporter.ERROR_NOT_FOUND : Transporter.ERROR_OTHER;
    }

    @Override
    protected void implPeek(PeekTask task) throws Exception {
        MavenPath path = parse(task.getLocation().toString());
        if (path.kind() == MavenPath.Kind.SBOM) {
            sbom(path);
        } else if (path.kind() == MavenPath.Kind.TARBALL) {
            SlurmCoordinate coordinate = build(path);
            if (path.isSignature()) {
                cache.signature(coordinate);
            } else {
                locate(coordinate);
            }
        }
    }

    @Override
    protected void implGet(GetTask task) throws Exception {
        MavenPath path = parse(task.getLocation().toString());
        switch (path.kind()) {
            case METADATA:
                serve(task, MetadataSynthesizer.metadata(cache.series(), Instant.now()));
                break;
            case POM:
                serve(task, PomSynthesizer.pom(path.version(), cache.url()));
                break;
            case SBOM:
                serve(task, sbom(path).json());
                break;
            default:
                SlurmCoordinate coordinate = build(path);
                if (path.isSignature()) {
                    serve(task, cache.signature(coordinate));
                } else {
                    tarball(task, coordinate, path.release());
                }
        }
    }

    @Override
    protected void implPut(PutTask task) throws Exception {
        throw new IOException("The Slurm cache " + cache.url() + " is read-only: deploy to a repository "
                + "manager instead");
    }

    @Override
    protected void implClose() {
        // the session's SlurmCache outlives this transporter
    }

    /** The path, unless it is no slurm file or a checksum file (Maven receives checksums with each file). */
    private static MavenPath parse(String location) throws NotFoundException {
        MavenPath path = MavenPath.parse(location).orElseThrow(() -> new NotFoundException(
                location + " is not an ai.vantage:slurm file: a Slurm cache holds nothing else"));
        if (path.checksum().isPresent()) {
            throw new NotFoundException("The Slurm cache publishes no " + location + ": the slurm transport hands "
                    + "each file's checksums to Maven with the file");
        }
        return path;
    }

    /**
     * The series build a tarball path names: for an exact release, only while the Spack mirror says upstream holds
     * it there (or knows nothing of the series: the install checks the tree).
     */
    private SlurmCoordinate build(MavenPath path) throws IOException {
        if (path.release().isEmpty()) {
            return path.coordinate();
        }
        ExactRelease requested = path.release().get();
        try {
            return cache.releases().pin(requested, path.coordinate().classifier());
        } catch (ReleaseMovedException e) {
            throw new RefusedException(e.getMessage(), e);
        } catch (VerificationException | IOException e) {
            throw new RefusedException("Cannot tell whether " + path.coordinate() + " still holds Slurm " + requested
                    + " (asked for by version " + requested + "): " + e.getMessage(), e);
        }
    }

    /**
     * The SBOM of the build a path names, from the signed spec of the release the tarball served under the same
     * version is: the pinned release for an exact version, the newest the mirror signs for a series.
     */
    private SlurmSbom sbom(MavenPath path) throws IOException {
        SlurmCoordinate coordinate = build(path);
        try {
            return new SlurmSbomSource(cache).sbom(coordinate, path.release(), Map.of());
        } catch (NoSignedSpecException e) {
            LOGGER.warn("No SBOM of {}: {}", coordinate, e.getMessage());
            throw new NotFoundException(e.getMessage());
        }
    }

    private void locate(SlurmCoordinate coordinate) throws IOException {
        try {
            cache.locate(coordinate);
        } catch (NotFoundException e) {
            LOGGER.warn(e.getMessage());
            throw e;
        }
    }

    private void serve(GetTask task, byte[] bytes) throws Exception {
        utilGet(task, new ByteArrayInputStream(bytes), true, bytes.length, false);
        handOver(task, Checksums.of(bytes));
    }

    /**
     * Streams the build into Maven's file; for an exact release ({@code exact}), its module file is read in the same
     * pass and must name that release.
     */
    private void tarball(GetTask task, SlurmCoordinate coordinate, Optional<ExactRelease> exact) throws Exception {
        locate(coordinate);
        Flow.Subscriber<ByteBuffer> tee = null;
        try (VerifiedDownload download = cache.openVerified(coordinate, SlurmCache.CHECKSUMS, exact.isPresent())) {
            tee = tee(coordinate); // once open: its signature check began, so the signing key is in the key cache
            LOGGER.debug("{} from {} ({} layout){}", coordinate, download.url(),
                    download.location().generation().name(), tee == null ? "" : ", unpacked as it arrives");
            Flow.Subscriber<ByteBuffer> sink = tee;
            long[] teed = {0};
            InputStream stream = sink == null ? download.stream() : new ObservedInputStream(download.stream(),
                    (bytes, off, len) -> {
                        teed[0] += len;
                        sink.onNext(ByteBuffer.wrap(bytes, off, len));
                    });
            utilGet(task, stream, true, download.length(), false);
            // a refusal is thrown before Maven moves the downloaded file into the local repository
            SignatureOutcome outcome = session.acceptance().accept(Candidate.of(coordinate, download::finish)
                    .exactRelease(exact, download::release)
                    .lock(lock.lock(), () -> download.checksums().get("sha256")));
            SlurmSession.log(LOGGER, outcome);
            String sha256 = download.checksums().get("sha256");
            if (outcome.isVerified() && task.getDataFile() != null) {
                session.verified(VerifiedFiles.identity(task.getDataFile().toPath()), outcome.result().orElseThrow(),
                        sha256, exact.map(e -> download.release()));
            }
            if (outcome.isVerified() && sink != null) { // the install need not hash the teed bytes again
                shared.streamedBytes(coordinate, sink, new SharedSession.StreamedBytes(teed[0], sha256,
                        outcome.result().orElseThrow()));
            }
            handOver(task, download.checksums());
        } catch (Throwable e) {
            if (tee != null) {
                tee.onError(e);
            }
            if (e instanceof VerificationException || e instanceof WrongReleaseException) {
                throw new RefusedException(e.getMessage(), (Exception) e);
            }
            throw e;
        }
        if (tee != null) {
            tee.onComplete(); // every byte arrived and passed the transport's checks
        }
    }

    /**
     * The install goal's pipe for {@code coordinate} ({@link SharedSession#takePipe}: one download only feeds it);
     * null when no install waits for these bytes.
     */
    private Flow.Subscriber<ByteBuffer> tee(SlurmCoordinate coordinate) {
        Flow.Subscriber<ByteBuffer> tee = shared.takePipe(coordinate).orElse(null);
        if (tee == null) {
            return null;
        }
        tee.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // back-pressure is the pipe blocking onNext while it is full
            }

            @Override
            public void cancel() {
                // the pipe drops what its reader no longer wants
            }
        });
        return tee;
    }

    private static void handOver(GetTask task, Map<String, String> checksums) {
        checksums.forEach((extension, hex) -> task.setChecksum(Checksums.algorithm(extension), hex));
    }

    /**
     * A refusal (a signature, or an exact release upstream no longer holds), as a transfer failure that is not "not
     * found", so Maven shows its message.
     */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message, Exception cause) {
            super(message, cause);
        }
    }
}
