package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.metadata.MavenPath;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.metadata.MetadataSynthesizer;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseMovedException;
import ai.vantage.maven.slurm.release.SlurmVersion;
import ai.vantage.maven.slurm.sbom.NoSignedSpecException;
import ai.vantage.maven.slurm.upstream.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of the Maven 2 repository of {@code ai.vantage:slurm}, by path: the GA-level {@code maven-metadata.xml},
 * each version's POM, each build's tarball (verified, from the {@link TarballStore}) and {@code .asc}, and the
 * {@code .sha1}, {@code .md5}, {@code .sha256}, {@code .sha512} of each. An exact version ({@code 25.11.6}) names its
 * series' build while the cache's Spack mirror says it holds that release (asked again after {@code recheckAfter}).
 * The one place both the bridge server and the offline mirror get their files from.
 */
public final class RepositoryFiles {

    private final BridgeSource source;
    private final TarballStore store;
    private final Duration seriesMaxAge;
    private final Duration recheckAfter;
    private final Clock clock;
    private final BridgeLog log;
    private final Map<SlurmCoordinate, Instant> checked = new ConcurrentHashMap<>();
    private final Map<SlurmCoordinate, Instant> trustChecked = new ConcurrentHashMap<>();
    private final Map<SlurmCoordinate, Instant> releaseRead = new ConcurrentHashMap<>();
    private final Map<SlurmCoordinate, byte[]> refusedSignatures = new ConcurrentHashMap<>();
    private final Stamps stamps;
    private List<String> series;
    private Instant seriesRead = Instant.MIN;

    /**
     * @param seriesMaxAge how long the series list read from the cache is used before it is read again
     * @param recheckAfter how long a stored tarball is served before the cache's signature is compared again, and
     *     how long the Spack mirror's answer of which release a build is counts for exact versions (the cache
     *     overwrites a series' key with each patch release)
     */
    public RepositoryFiles(BridgeSource source, TarballStore store, Duration seriesMaxAge, Duration recheckAfter,
            Clock clock, BridgeLog log) {
        this.log = log;
        this.source = source;
        this.store = store;
        this.seriesMaxAge = seriesMaxAge;
        this.recheckAfter = recheckAfter;
        this.clock = clock;
        this.stamps = new Stamps(clock);
    }

    /** The repository path of the GA-level metadata. */
    public static String metadataPath() {
        return SlurmCoordinate.REPOSITORY_FOLDER + MavenPath.METADATA;
    }

    /** The repository path of the POM of {@code version} (a series or an exact release). */
    public static String pomPath(String version) {
        return SlurmCoordinate.REPOSITORY_FOLDER + version + "/" + SlurmCoordinate.ARTIFACT_ID + "-" + version + ".pom";
    }

    /**
     * The file at {@code path}.
     *
     * @throws NotFoundException when the repository has no such file
     * @throws VerificationException when the path names a tarball whose signature is refused, or an exact version
     *     whose Spack mirror is refused
     * @throws ReleaseMovedException when the path names the tarball (or {@code .asc}) of an exact version whose
     *     series' key holds another release now
     * @throws IOException when the cache cannot be reached
     */
    public RepositoryFile file(MavenPath path) throws IOException, VerificationException, ReleaseMovedException {
        if (path.checksum().isPresent()) {
            return file(path.withoutChecksum()).checksumFile(path.checksum().get());
        }
        switch (path.kind()) {
            case METADATA:
                return metadata(series());
            case POM:
                return pom(path.version());
            case SBOM:
                return sbom(path);
            default:
                SlurmCoordinate coordinate = build(path);
                if (path.isSignature() && path.release().isPresent()) {
                    tarball(coordinate, path.release()); // an exact version's .asc is that of the tarball it serves
                }
                return path.isSignature() ? signature(coordinate) : tarball(coordinate, path.release());
        }
    }

    /** The GA-level metadata listing {@code series}; the same bytes (and lastUpdated) while the list is the same. */
    public RepositoryFile metadata(Collection<String> series) {
        return memory(metadataPath(), MetadataSynthesizer.metadata(series, stampOf(series)), RepositoryFile.XML);
    }

    /**
     * The POM of {@code version}: an exact release's for any release of a well-formed series, since a POM has no
     * classifier and the release upstream holds differs per build (the tarball is where the rule applies).
     */
    public RepositoryFile pom(SlurmVersion version) {
        return memory(pomPath(version.mavenVersion()), source.pom(version), RepositoryFile.XML);
    }

    /**
     * The series build a tarball path names: for an exact release, only while the Spack mirror says the series' key
     * holds it (or knows nothing of the series), that answer read again once it is {@code recheckAfter} old; the
     * stored build is then compared with the cache's too, so that it is the build the new answer is about.
     */
    private SlurmCoordinate build(MavenPath path)
            throws IOException, VerificationException, ReleaseMovedException {
        SlurmCoordinate coordinate = path.coordinate();
        if (path.release().isEmpty()) {
            return coordinate;
        }
        if (due(releaseRead, coordinate, Instant.MIN)) {
            source.forgetRelease(coordinate);
            checked.put(coordinate, Instant.MIN);
        }
        return source.pin(path.release().get(), coordinate.classifier());
    }

    /**
     * The SBOM of the build {@code path} names, from the signed spec of the release the tarball of the same version
     * is (the pinned release of an exact version; the newest the mirror signs for a series).
     *
     * @throws NotFoundException when the build has no signed spec, saying why
     */
    private RepositoryFile sbom(MavenPath path) throws IOException, VerificationException, ReleaseMovedException {
        SlurmCoordinate coordinate = build(path);
        try {
            return memory(SlurmCoordinate.REPOSITORY_FOLDER + path.version().mavenVersion() + "/"
                    + SlurmCoordinate.ARTIFACT_ID + "-" + path.version().mavenVersion() + "-" + coordinate.classifier()
                    + MavenPath.SBOM_SUFFIX, source.sbom(coordinate, path.release()), RepositoryFile.JSON);
        } catch (NoSignedSpecException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    /**
     * The verified tarball of {@code coordinate}: a stored one only while today's trust accepts it (checked on its
     * first request and once per {@code recheckAfter}, {@link TarballStore#underTodaysTrust}).
     *
     * @throws VerificationException when today's trust refuses the stored build (it is dropped) or the cache's
     */
    public RepositoryFile tarball(SlurmCoordinate coordinate) throws IOException, VerificationException {
        return tarball(coordinate, Optional.empty());
    }

    /**
     * {@link #tarball(SlurmCoordinate)}, and for an exact release ({@code exact}), only when the build's module file
     * shows that release ({@link TarballStore#asRelease}), whatever the Spack mirror said before.
     *
     * @throws ai.vantage.maven.slurm.accept.WrongReleaseException when it shows another release, or none
     */
    private RepositoryFile tarball(SlurmCoordinate coordinate, Optional<ExactRelease> exact)
            throws IOException, VerificationException {
        Optional<TarballStore.Stored> cached = store.cached(coordinate);
        if (cached.isPresent() && due(trustChecked, coordinate, Instant.MIN)) {
            cached = store.underTodaysTrust(coordinate, cached.get());
        }
        TarballStore.Stored stored = cached.isPresent() ? recheck(coordinate, cached.get()) : store.get(coordinate);
        if (exact.isPresent()) {
            stored = store.asRelease(coordinate, stored, exact.get());
        }
        return RepositoryFile.of(stored.tarball(), stored.checksums(), RepositoryFile.GZIP,
                Files.getLastModifiedTime(stored.tarball()).toInstant())
                .verification(stored.signature() == null ? "UNSIGNED_ALLOWED" : "VERIFIED");
    }

    /**
     * The stored build, or the cache's rebuild of it when the signature there changed: checked once per
     * {@code recheckAfter} (by one request of the many that may ask). While the cache cannot be read, or its rebuild
     * is refused (an older build than the one served is a rollback), the stored build is served; a refused signature
     * is not downloaded again by this process.
     */
    private TarballStore.Stored recheck(SlurmCoordinate coordinate, TarballStore.Stored stored) throws IOException {
        if (!due(checked, coordinate, modified(stored))) {
            return stored;
        }
        try {
            Optional<byte[]> current = source.signature(coordinate);
            if (current.isEmpty() || Arrays.equals(current.get(), stored.signature())
                    || Arrays.equals(current.get(), refusedSignatures.get(coordinate))) {
                return stored;
            }
            log.info(coordinate + " was rebuilt in the cache (its signature changed); downloading it again");
            try {
                return store.refresh(coordinate);
            } catch (VerificationException e) {
                refusedSignatures.put(coordinate, current.get());
                throw e;
            }
        } catch (IOException | VerificationException e) {
            log.warn("Serving the stored " + coordinate + ": the cache's copy cannot be used (" + e.getMessage() + ")");
            return stored;
        }
    }

    /**
     * Whether {@code recheckAfter} has passed since {@code coordinate}'s time in {@code times} ({@code first} when it
     * has none); the one caller of many that gets {@code true} sets the time to now.
     */
    private boolean due(Map<SlurmCoordinate, Instant> times, SlurmCoordinate coordinate, Instant first) {
        Instant now = clock.instant();
        Instant last = times.computeIfAbsent(coordinate, c -> first);
        return !last.plus(recheckAfter).isAfter(now) && times.replace(coordinate, last, now);
    }

    private static Instant modified(TarballStore.Stored stored) {
        try {
            return Files.getLastModifiedTime(stored.tarball()).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private RepositoryFile signature(SlurmCoordinate coordinate) throws IOException {
        Optional<TarballStore.Stored> stored = store.cached(coordinate);
        if (stored.isPresent() && stored.get().signature() != null) {
            // the signature this very tarball verified against
            return RepositoryFile.of(stored.get().signature(), RepositoryFile.SIGNATURE,
                    Files.getLastModifiedTime(stored.get().tarball()).toInstant());
        }
        byte[] asc = source.signature(coordinate).orElseThrow(() -> new NotFoundException(
                coordinate + " has no signature in the Slurm cache"));
        return memory(coordinate.mavenPath() + ".asc", asc, RepositoryFile.SIGNATURE);
    }

    private RepositoryFile memory(String path, byte[] bytes, String contentType) {
        RepositoryFile file = RepositoryFile.of(bytes, contentType, Instant.EPOCH);
        return file.lastModified(stamps.of(path, file.checksums().get("sha1")));
    }

    /** The time the metadata of exactly these series was first made. */
    private Instant stampOf(Collection<String> series) {
        String key = String.join(",", series.stream().sorted().toList());
        return stamps.of(metadataPath() + "#versions", key);
    }

    private synchronized List<String> series() throws IOException {
        Instant now = clock.instant();
        if (series == null || seriesRead.plus(seriesMaxAge).isBefore(now)) {
            series = source.series();
            seriesRead = now;
        }
        return series;
    }
}
