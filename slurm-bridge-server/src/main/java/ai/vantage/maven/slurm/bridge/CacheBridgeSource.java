package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.accept.TarballAcceptance.Memory;
import ai.vantage.maven.slurm.cache.SlurmCache;
import ai.vantage.maven.slurm.cache.VerifiedDownload;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.release.SlurmVersion;
import ai.vantage.maven.slurm.sbom.SlurmSbomSource;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link BridgeSource} over the core's {@link SlurmCache}: the same locate, signature, exact-release and
 * verified-download path the Maven transport uses, with the build's {@code slurm.*} settings.
 */
public final class CacheBridgeSource implements BridgeSource {

    private final SlurmCache cache;
    private final SlurmSettings settings;

    /**
     * @param upstream the cache's base URL ({@code https:}, {@code http:} or {@code file:})
     * @param settings the {@code slurm.*} settings: mirrors, layouts, listing, timeouts, retries, {@code slurm.pgp.*}
     * @param log where retries, failovers, progress and refusals are told
     * @throws IllegalArgumentException for a malformed URL, naming it
     */
    public CacheBridgeSource(String upstream, SlurmSettings settings, BridgeLog log) {
        this(upstream, settings, log, UpstreamListener.NONE);
    }

    /**
     * The same, also telling {@code metrics} of retries ({@link BridgeMetrics#upstreamListener}).
     *
     * @throws IllegalArgumentException for a malformed URL, naming it
     */
    public CacheBridgeSource(String upstream, SlurmSettings settings, BridgeLog log, UpstreamListener metrics) {
        this.cache = SlurmCache.at(upstream, settings, listener(log, metrics), log::info);
        this.settings = settings;
    }

    /** Tells {@code log} of retries (WARN), resumed downloads and failovers. */
    public static UpstreamListener listener(BridgeLog log) {
        return listener(log, UpstreamListener.NONE);
    }

    private static UpstreamListener listener(BridgeLog log, UpstreamListener metrics) {
        return UpstreamListener.logging(log::warn, metrics);
    }

    /** The cache's base URL, ending with {@code /}. */
    public String upstream() {
        return cache.url();
    }

    @Override
    public List<String> series() {
        return cache.listSeries();
    }

    @Override
    public byte[] pom(SlurmVersion version) {
        return PomSynthesizer.pom(version, cache.url());
    }

    @Override
    public SlurmCoordinate pin(ExactRelease requested, String classifier)
            throws IOException, VerificationException, ReleaseMovedException {
        return cache.releases().pin(requested, classifier);
    }

    @Override
    public byte[] sbom(SlurmCoordinate coordinate, Optional<ExactRelease> release) throws IOException {
        return new SlurmSbomSource(cache).sbom(coordinate, release, Map.of()).json();
    }

    @Override
    public void forgetRelease(SlurmCoordinate coordinate) {
        cache.releases().forget(coordinate);
    }

    @Override
    public Optional<byte[]> signature(SlurmCoordinate coordinate) throws IOException {
        try {
            return cache.locate(coordinate).signatureBytes(); // fresh: the cache overwrites a series' key per release
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public TarballAcceptance acceptance(Path signatureTimes, BridgeLog log) {
        return new TarballAcceptance(settings.policy(), settings.signatureTimes(signatureTimes, log::warn),
                Memory.RECORD);
    }

    @Override
    public SignatureCheck signatureCheck(SlurmCoordinate coordinate, byte[] signature)
            throws VerificationException, IOException {
        return cache.signatureCheck(coordinate, signature);
    }

    @Override
    public String trustSettings(SlurmCoordinate coordinate) {
        return "pinned " + String.join(",", settings.trusted().fingerprints().stream().sorted().toList())
                + "; allowed unsigned " + settings.policy().allowsUnsigned(coordinate);
    }

    @Override
    public VerifiedTarball open(SlurmCoordinate coordinate) throws IOException, VerificationException {
        // the module file's release is read in the same pass: a stored series build may be asked for as a release
        VerifiedDownload download = cache.openVerified(coordinate, TarballStore.CHECKSUMS, true);
        return new VerifiedTarball() {
            @Override
            public byte[] signature() {
                return download.location().signature();
            }

            @Override
            public long length() {
                return download.length();
            }

            @Override
            public InputStream stream() {
                return download.stream();
            }

            @Override
            public VerificationResult finish() throws VerificationException {
                return download.finish();
            }

            @Override
            public Map<String, String> checksums() {
                return download.checksums();
            }

            @Override
            public ReleaseShown release() {
                return download.release();
            }

            @Override
            public void close() throws IOException {
                download.close();
            }
        };
    }
}
