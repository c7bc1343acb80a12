package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.release.SlurmVersion;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BridgeSource} that counts what it asks of the cache in {@link BridgeMetrics} (requests, tarball bytes,
 * failures) and remembers what readiness needs: when the cache last answered, and whether the
 * last signature check found no key material for the signer.
 */
final class MeteredSource implements BridgeSource {

    private final BridgeSource source;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private volatile Instant lastAnswer;
    private volatile String keyMissing;

    MeteredSource(BridgeSource source, BridgeMetrics metrics, Clock clock) {
        this.source = source;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** When the cache last answered a request (a 404 counts), or empty when it never did. */
    Optional<Instant> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    /** Why the last signature check found no key for its signer, or empty when it did (or none ran yet). */
    Optional<String> keyMissing() {
        return Optional.ofNullable(keyMissing);
    }

    @Override
    public List<String> series() throws IOException {
        metrics.upstreamRequest("listing");
        try {
            return answered(source.series());
        } catch (IOException | RuntimeException e) {
            metrics.upstreamFailure("listing");
            throw e;
        }
    }

    @Override
    public byte[] pom(SlurmVersion version) {
        return source.pom(version);
    }

    @Override
    public SlurmCoordinate pin(ExactRelease requested, String classifier)
            throws IOException, VerificationException, ReleaseMovedException {
        metrics.upstreamRequest("release");
        try {
            return answered(source.pin(requested, classifier));
        } catch (ReleaseMovedException e) {
            answered(null);
            throw e;
        } catch (VerificationException e) {
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            metrics.upstreamFailure("release");
            throw e;
        }
    }

    @Override
    public byte[] sbom(SlurmCoordinate coordinate, Optional<ExactRelease> release) throws IOException {
        metrics.upstreamRequest("sbom");
        try {
            return answered(source.sbom(coordinate, release));
        } catch (NoSignedSpecException e) {
            answered(null);
            throw e;
        } catch (IOException | RuntimeException e) {
            metrics.upstreamFailure("sbom");
            throw e;
        }
    }

    @Override
    public void forgetRelease(SlurmCoordinate coordinate) {
        source.forgetRelease(coordinate);
    }

    @Override
    public Optional<byte[]> signature(SlurmCoordinate coordinate) throws IOException {
        metrics.upstreamRequest("signature");
        try {
            return answered(source.signature(coordinate));
        } catch (IOException | RuntimeException e) {
            metrics.upstreamFailure("signature");
            throw e;
        }
    }

    @Override
    public VerifiedTarball open(SlurmCoordinate coordinate) throws IOException, VerificationException {
        metrics.upstreamRequest("tarball");
        VerifiedTarball tarball;
        try {
            tarball = answered(source.open(coordinate));
        } catch (NotFoundException e) {
            answered(null);
            throw e;
        } catch (VerificationException e) {
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            metrics.upstreamFailure("tarball");
            throw e;
        }
        InputStream counted = new FilterInputStream(tarball.stream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                metrics.upstreamBytes(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                metrics.upstreamBytes(Math.max(0, n));
                return n;
            }
        };
        return new VerifiedTarball() {
            @Override
            public byte[] signature() {
                return tarball.signature();
            }

            @Override
            public long length() {
                return tarball.length();
            }

            @Override
            public InputStream stream() {
                return counted;
            }

            @Override
            public VerificationResult finish() throws VerificationException {
                try {
                    VerificationResult outcome = tarball.finish();
                    keyMissing = null;
                    return outcome;
                } catch (VerificationException e) {
                    throw refused(e);
                }
            }

            @Override
            public Map<String, String> checksums() {
                return tarball.checksums();
            }

            @Override
            public ReleaseShown release() {
                return tarball.release();
            }

            @Override
            public void close() throws IOException {
                tarball.close();
            }
        };
    }

    @Override
    public TarballAcceptance acceptance(Path signatureTimes, BridgeLog log) {
        return source.acceptance(signatureTimes, log);
    }

    @Override
    public SignatureCheck signatureCheck(SlurmCoordinate coordinate, byte[] signature)
            throws VerificationException, IOException {
        try {
            return source.signatureCheck(coordinate, signature);
        } catch (VerificationException e) {
            throw refused(e);
        }
    }

    @Override
    public String trustSettings(SlurmCoordinate coordinate) {
        return source.trustSettings(coordinate);
    }

    private <T> T answered(T value) {
        lastAnswer = clock.instant();
        return value;
    }

    private VerificationException refused(VerificationException e) {
        answered(null);
        keyMissing = e.reason() == VerificationException.Reason.UNKNOWN_KEY ? e.getMessage() : null;
        return e;
    }
}
