package ai.vantage.maven.slurm.cache;

import ai.vantage.maven.slurm.available.AvailabilityScanner;
import ai.vantage.maven.slurm.config.RepositorySettings;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.LayoutGeneration;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.PinnedKeyExport;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignaturePolicy;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.HeldReleases;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import ai.vantage.maven.slurm.spack.SpackMirrorReader;
import ai.vantage.maven.slurm.spack.SpackMirrorsConfig;
import ai.vantage.maven.slurm.upstream.SeriesCatalog;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Slurm Factory cache of one repository, as its users need it: where a build is (probing the layout
 * generations, remembering the answer), its signature, its tarball opened verified, the series the cache holds, and
 * the exact releases its keys hold. One per repository and build; the Maven transport, a bridge server and an
 * offline mirror all read the cache through it. Thread-safe.
 */
public final class SlurmCache {

    /**
     * The checksums computed while a tarball streams, by extension: SHA-1 (Maven's first algorithm) and SHA-256 (what
     * {@code slurm.lock} records).
     */
    public static final List<String> CHECKSUMS = List.of("sha1", "sha256");

    private static final int MAX_KEY_BYTES = 1 << 20;

    private final UpstreamClient client;
    private final RepositorySettings repository;
    private final SignatureVerifier verifier;
    private final SignaturePolicy policy;
    private final Duration progressInterval;
    private final Consumer<String> log;
    private final Map<SlurmCoordinate, LayoutGeneration> located = new ConcurrentHashMap<>();
    private final Map<SlurmCoordinate, byte[]> signatures = new ConcurrentHashMap<>();
    private final HeldReleases releases = new HeldReleases(this::readHeldRelease);
    private volatile LayoutGeneration lastAnswered;
    private volatile List<String> series;

    /**
     * @param settings the build's settings (trust, progress interval)
     * @param repository this repository's settings (layouts, listing)
     * @param client the client over the repository's base URLs
     * @param log where progress lines of long downloads go (INFO level)
     */
    public SlurmCache(SlurmSettings settings, RepositorySettings repository, UpstreamClient client,
            Consumer<String> log) {
        this.client = client;
        this.repository = repository;
        this.verifier = settings.verifier(KeySources.spackMirrors(List.of(Toolchain.values()), url(),
                key -> client.fetch(key, MAX_KEY_BYTES)));
        this.policy = settings.policy();
        this.progressInterval = settings.progressInterval();
        this.log = log;
    }

    /**
     * The cache at {@code upstream} read directly, without a proxy (the bridge server, {@code slurm:mirror},
     * {@code slurm:available}), with the general {@code slurm.*} settings (no repository id).
     *
     * @param upstream the cache's base URL ({@code https:}, {@code http:} or {@code file:})
     * @throws IllegalArgumentException for a malformed URL, naming it
     */
    public static SlurmCache at(String upstream, SlurmSettings settings, UpstreamListener listener,
            Consumer<String> log) {
        RepositorySettings repository = settings.repository(null);
        UpstreamClient client = new UpstreamClient(
                repository.upstream(UpstreamSettings.baseUrl(upstream), Proxy.NO_PROXY, null, null), listener);
        return new SlurmCache(settings, repository, client, log);
    }

    /** The cache's base URL (the repository's own, without {@code slurm+}). */
    public String url() {
        return client.baseUrls().get(0);
    }

    /**
     * Where {@code coordinate} is: the first generation (the one that answered for it before, then the one that
     * answered last, then the configured order) whose signature or tarball exists.
     *
     * @throws NotFoundException when no generation has it, naming the URLs tried and the series the cache holds
     * @throws IOException when the cache cannot be reached
     */
    public Location locate(SlurmCoordinate coordinate) throws IOException {
        List<String> tried = new ArrayList<>();
        for (LayoutGeneration generation : probeOrder(coordinate)) {
            String key = generation.tarballKey(coordinate).orElseThrow();
            tried.add(client.urlOf(key));
            Optional<byte[]> asc = client.fetch(key + CacheLayout.SIGNATURE_SUFFIX, SignatureVerifier.MAX_SIGNATURE_BYTES);
            if (asc.isPresent() || client.length(key).isPresent()) {
                located.put(coordinate, generation);
                lastAnswered = generation;
                asc.ifPresent(bytes -> signatures.put(coordinate, bytes));
                return new Location(generation, key, asc.orElse(null));
            }
        }
        throw new NotFoundException(coordinate + " is not in the Slurm cache " + url() + "; tried " + tried
                + ". Series: " + String.join(", ", knownSeries()) + "; toolchains: " + Toolchain.ids()
                + " (arm64 builds only in the current layout)");
    }

    /** The series for a message: the listing if it was read already (a miss is no reason to list), else the table. */
    private List<String> knownSeries() {
        List<String> known = series;
        return known != null ? known : SlurmSeries.KNOWN;
    }

    /** The generations to probe for {@code coordinate}: the one that answered for it, then the last that answered. */
    List<LayoutGeneration> probeOrder(SlurmCoordinate coordinate) {
        List<LayoutGeneration> order = new ArrayList<>(repository.layout().candidates(coordinate));
        for (LayoutGeneration first : new LayoutGeneration[] {lastAnswered, located.get(coordinate)}) {
            if (first != null && order.remove(first)) {
                order.add(0, first);
            }
        }
        return order;
    }

    /**
     * The {@code .asc} of {@code coordinate}.
     *
     * @throws NotFoundException when the build or its signature is not in the cache
     */
    public byte[] signature(SlurmCoordinate coordinate) throws IOException {
        byte[] known = signatures.get(coordinate);
        if (known != null) {
            return known;
        }
        Location location = locate(coordinate);
        return location.signatureBytes().orElseThrow(() -> new NotFoundException(
                coordinate + " has no signature " + signatureLookedFor(location.key())));
    }

    /**
     * Opens the tarball of {@code coordinate}, its signature checked before the first byte and its data as it
     * streams: read {@link VerifiedDownload#stream()} to its end, then {@link VerifiedDownload#finish()}.
     *
     * @throws VerificationException when the signature is missing or refused and the build is not allowed unsigned
     * @throws NotFoundException when the build is not in the cache
     * @throws IOException when the cache cannot be reached
     */
    public VerifiedDownload openVerified(SlurmCoordinate coordinate) throws IOException, VerificationException {
        return openVerified(coordinate, CHECKSUMS);
    }

    /**
     * {@link #openVerified(SlurmCoordinate)}, computing the checksums {@code algorithms} (by extension, e.g.
     * {@code sha512}) on the download's hashing thread: a caller that publishes more checksums than
     * {@link #CHECKSUMS} gets them from the same pass over the bytes.
     */
    public VerifiedDownload openVerified(SlurmCoordinate coordinate, List<String> algorithms)
            throws IOException, VerificationException {
        return openVerified(coordinate, algorithms, false);
    }

    /**
     * {@link #openVerified(SlurmCoordinate, List)}, also reading the release the tarball's module file shows in the
     * same pass when {@code readRelease} ({@link VerifiedDownload#release()}): for an exact release asked for, or a
     * build kept to be served as one later.
     */
    public VerifiedDownload openVerified(SlurmCoordinate coordinate, List<String> algorithms, boolean readRelease)
            throws IOException, VerificationException {
        Location location = locate(coordinate);
        SignatureCheck check = null;
        VerificationException refusal = null;
        try {
            if (location.signature() == null) {
                throw VerificationException.noSignature(coordinate.toString(), signatureLookedFor(location.key()));
            }
            check = signatureCheck(coordinate, location.signature());
        } catch (VerificationException e) {
            policy.refused(coordinate, e); // never downloaded unless allowed unsigned
            refusal = e;
        }
        return new VerifiedDownload(this, coordinate, location, check, refusal, client.open(location.key()),
                algorithms, readRelease);
    }

    /**
     * Begins the check of {@code signature} (an {@code .asc}) of {@code coordinate} under today's trust: pinned key,
     * key strength, revocation and expiry, all before any byte of the tarball; feed the tarball to the check.
     *
     * @throws VerificationException when the signature is refused without reading the tarball
     */
    public SignatureCheck signatureCheck(SlurmCoordinate coordinate, byte[] signature)
            throws VerificationException, IOException {
        return verifier.begin(coordinate.toString(), new ByteArrayInputStream(signature));
    }

    /** The series the cache holds, oldest first: from its listing (read once), else the built-in table. */
    public List<String> series() {
        List<String> known = series;
        return known != null ? known : listSeries();
    }

    /**
     * Reads the series again: from the cache's listing, else the built-in table (a long-running server calls this
     * now and then, so a new series shows up).
     */
    public List<String> listSeries() {
        List<String> known = SlurmSeries.KNOWN;
        if (repository.listing()) {
            try {
                List<String> listed = new SeriesCatalog(client).series();
                known = listed.isEmpty() ? known : listed;
            } catch (IOException e) {
                // the listing may be turned off at any time: the built-in table answers
            }
        }
        series = known;
        return known;
    }

    /** The reader of the cache's Spack mirrors (exact releases), with this cache's trust. */
    public SpackMirrorReader spackMirrors() {
        return new SpackMirrorReader(client, verifier);
    }

    /** The exact releases this cache's series keys hold now, as their toolchains' signed Spack mirrors say. */
    public HeldReleases releases() {
        return releases;
    }

    private Optional<ExactRelease> readHeldRelease(SlurmCoordinate series) throws IOException, VerificationException {
        try {
            return spackMirrors().heldRelease(series);
        } catch (NotFoundException e) {
            return Optional.empty(); // the toolchain has no Spack mirror
        }
    }

    /** The Spack mirrors of {@code toolchain} (and {@code series}, for the older generation) the cache has. */
    public List<SpackMirrorsConfig.Mirror> spackMirrors(Toolchain toolchain, String series) throws IOException {
        return SpackMirrorsConfig.find(client, toolchain, series);
    }

    /** The armored public key of the pinned {@code fingerprint} as {@code toolchain}'s Spack mirror serves it. */
    public byte[] pinnedKey(Toolchain toolchain, String fingerprint) throws IOException {
        return PinnedKeyExport.armored(KeySources.spackMirrors(List.of(toolchain), url(),
                key -> client.fetch(key, MAX_KEY_BYTES)), fingerprint);
    }

    /** What the cache publishes, probed with this cache's layouts, at most {@code concurrency} requests at once. */
    public AvailabilityScanner availability(int concurrency) {
        return new AvailabilityScanner(client, repository.layout(), spackMirrors(), concurrency);
    }

    Duration progressInterval() {
        return progressInterval;
    }

    Consumer<String> log() {
        return log;
    }

    /**
     * Where the signature of the tarball at {@code key} was looked for, and the usual reason a repository manager in
     * between hides it.
     */
    private String signatureLookedFor(String key) {
        return client.urlOf(key + CacheLayout.SIGNATURE_SUFFIX) + ", not found; behind a repository manager, turn off "
                + "strict content type validation of its proxy repository: a Nexus raw proxy answers 404 for every "
                + ".asc with it on";
    }
}
