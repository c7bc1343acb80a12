package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.config.SlurmConfig;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.LayoutGeneration;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.UnsignedAllowList;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.upstream.SeriesCatalog;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link BridgeSource} over the core's pieces: {@link UpstreamClient} (retries, resume, failover), the
 * {@link CacheLayout} generations, {@link SeriesCatalog}, {@link PomSynthesizer} and the {@link SignatureVerifier}
 * with {@code slurm.pgp.*}. Isolated here so the core's cache service can take its place.
 */
public final class CacheBridgeSource implements BridgeSource {

    private static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    private static final int MAX_KEY_BYTES = 1 << 20;

    private final String upstream;
    private final UpstreamClient client;
    private final CacheLayout layout;
    private final boolean listing;
    private final SignatureVerifier verifier;
    private final UnsignedAllowList allowUnsigned;
    private final BridgeLog log;

    /**
     * @param upstream the cache's base URL ({@code https:}, {@code http:} or {@code file:})
     * @param config the {@code slurm.*} settings: mirrors, layouts, listing, timeouts, retries, {@code slurm.pgp.*}
     * @param baseDirectory what relative key file paths are resolved against
     * @param keyCache the offline key cache folder, or null
     * @throws IllegalArgumentException for a malformed URL or setting, naming it
     */
    public CacheBridgeSource(String upstream, SlurmConfig config, Path baseDirectory, Path keyCache, BridgeLog log) {
        List<String> bases = new ArrayList<>();
        bases.add(upstream);
        bases.addAll(config.getList(SlurmConfigurationKeys.CONFIG_PROP_MIRRORS, SlurmConfigurationKeys.DEFAULT_MIRRORS));
        UpstreamSettings settings = UpstreamSettings.of(bases,
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_CONNECT_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_CONNECT_TIMEOUT)),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_REQUEST_TIMEOUT,
                        SlurmConfigurationKeys.DEFAULT_REQUEST_TIMEOUT)),
                config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRIES, SlurmConfigurationKeys.DEFAULT_RETRIES),
                Duration.ofMillis(config.getInt(SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF,
                        SlurmConfigurationKeys.DEFAULT_RETRY_BACKOFF)));
        this.upstream = settings.baseUrls().get(0);
        this.log = log;
        this.client = new UpstreamClient(settings, new UpstreamListener() {
            @Override
            public void retrying(URI url, String reason, int attempt, long delayMillis) {
                log.warn(url + " failed (" + reason + "); retry " + attempt + " in " + delayMillis + " ms");
            }

            @Override
            public void resuming(URI url, long received) {
                log.warn("Download of " + url + " broke off after " + received + " bytes; resuming");
            }

            @Override
            public void failover(URI base, String reason) {
                log.warn("Slurm cache " + base + " is unreachable (" + reason + "); using the next base URL");
            }
        });
        this.layout = CacheLayout.parse(
                config.getString(SlurmConfigurationKeys.CONFIG_PROP_LAYOUTS, SlurmConfigurationKeys.DEFAULT_LAYOUTS));
        this.listing = config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_LISTING, SlurmConfigurationKeys.DEFAULT_LISTING);
        SignatureVerifier.Builder builder = SignatureVerifier.builder(config, baseDirectory);
        if (keyCache != null) {
            builder.keyCache(keyCache);
        }
        if (config.getBoolean(SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS, SlurmConfigurationKeys.DEFAULT_PGP_FETCH_KEYS)) {
            builder.remoteKeys(KeySources.spackMirrors(List.of(Toolchain.values()), this.upstream,
                    key -> client.fetch(key, MAX_KEY_BYTES)));
        }
        this.verifier = builder.build();
        this.allowUnsigned = UnsignedAllowList.fromConfig(config);
    }

    /** The cache's base URL, ending with {@code /}. */
    public String upstream() {
        return upstream;
    }

    @Override
    public List<String> series() {
        if (listing) {
            try {
                List<String> found = new SeriesCatalog(client).series();
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (IOException e) {
                log.info("No listing from " + upstream + " (" + e.getMessage() + "); using the known series "
                        + SlurmSeries.KNOWN);
            }
        }
        return SlurmSeries.KNOWN;
    }

    @Override
    public byte[] pom(String series) {
        return PomSynthesizer.pom(series, upstream);
    }

    @Override
    public Optional<byte[]> signature(SlurmCoordinate coordinate) throws IOException {
        return locate(coordinate).map(Located::asc);
    }

    @Override
    public VerifiedTarball open(SlurmCoordinate coordinate) throws IOException, VerificationException {
        Located located = locate(coordinate).orElseThrow(() -> new NotFoundException(
                coordinate + " is not in the Slurm cache " + upstream));
        String name = coordinate.toString();
        SignatureCheck check = null;
        try {
            if (located.asc() == null) {
                throw VerificationException.noSignature(name, client.urlOf(located.key() + CacheLayout.SIGNATURE_SUFFIX));
            }
            check = verifier.begin(name, new ByteArrayInputStream(located.asc()));
        } catch (VerificationException e) {
            refuseUnlessAllowed(coordinate, e);
        }
        UpstreamClient.Download download = client.open(located.key());
        SignatureCheck started = check;
        InputStream stream = started == null ? download.stream()
                : new ObservedInputStream(download.stream(), started::update);
        return new VerifiedTarball() {
            @Override
            public byte[] signature() {
                return located.asc();
            }

            @Override
            public long length() {
                return download.length();
            }

            @Override
            public InputStream stream() {
                return stream;
            }

            @Override
            public String finish() throws VerificationException {
                if (started == null) {
                    return "UNVERIFIED (" + SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED + ")";
                }
                try {
                    VerificationResult result = started.finish();
                    return "signed by " + result.primaryFingerprint() + " on " + result.signatureTime();
                } catch (VerificationException e) {
                    refuseUnlessAllowed(coordinate, e);
                    return "UNVERIFIED (" + SlurmConfigurationKeys.CONFIG_PROP_PGP_ALLOW_UNSIGNED + ")";
                }
            }

            @Override
            public void close() throws IOException {
                download.close();
            }
        };
    }

    private void refuseUnlessAllowed(SlurmCoordinate coordinate, VerificationException e) throws VerificationException {
        if (!allowUnsigned.allows(coordinate)) {
            throw e;
        }
        log.warn(allowUnsigned.warning(coordinate, e));
    }

    /** The first generation whose signature (or, lacking one, tarball) exists. */
    private Optional<Located> locate(SlurmCoordinate coordinate) throws IOException {
        for (LayoutGeneration generation : layout.candidates(coordinate)) {
            String key = generation.tarballKey(coordinate).orElseThrow();
            Optional<byte[]> asc = client.fetch(key + CacheLayout.SIGNATURE_SUFFIX, MAX_SIGNATURE_BYTES);
            if (asc.isPresent()) {
                return Optional.of(new Located(key, asc.get()));
            }
            if (client.length(key).isPresent()) {
                return Optional.of(new Located(key, null));
            }
        }
        return Optional.empty();
    }

    /** A build's key and its signature (null when it has none). */
    private record Located(String key, byte[] asc) {}
}
