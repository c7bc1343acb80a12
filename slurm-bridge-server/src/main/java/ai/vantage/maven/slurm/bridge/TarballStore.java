package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.metadata.MavenPath;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Verified tarballs on disk in Maven 2 layout: {@code
 * <root>/ai/vantage/slurm/<series>/slurm-<series>-<classifier>.tar.gz} with its {@code .asc} and its {@code .sha1},
 * {@code .md5}, {@code .sha256}, {@code .sha512} beside it. A tarball is downloaded into a temporary file while its
 * signature and checksums are computed, and moved into place only when {@link TarballAcceptance} accepted it (signature
 * under today's trust, then the signature time against the newest served, kept in {@link #SIGNATURE_TIMES}: an older
 * build is a rollback); the tarball is moved last, and a marker ({@code .switching}) beside it while its set changes
 * makes readers wait, or, left by a crash, drop the mixed set: the files served belong together. Concurrent requests
 * for one build share one download; at most {@code maxDownloads} run at once; past {@code maxBytes} the least recently used
 * tarballs are removed.
 */
public final class TarballStore {

    /** The checksum files written beside every tarball. */
    public static final List<String> CHECKSUMS = List.of("sha1", "md5", "sha256", "sha512");

    /** Where the newest signature time served per coordinate is kept, relative to the store's root. */
    public static final String SIGNATURE_TIMES = ".slurm/signature-times";

    /** Where the trust settings each stored build was last verified under are kept, relative to the store's root. */
    public static final String TRUST_RECORDS = ".slurm/trust";

    private static final String PART = ".part";
    private static final String SWITCHING = ".switching";

    /** The default most bytes of one build's download: larger than any real Slurm build. */
    public static final String DEFAULT_MAX_BUILD_SIZE = "20g";

    private final Path root;
    private final BridgeSource source;
    private final long maxBytes;
    private final long maxBuildSize;
    private final Semaphore downloads;
    private final BridgeLog log;
    private final TarballAcceptance acceptance;
    private final Map<SlurmCoordinate, CompletableFuture<Stored>> inFlight = new ConcurrentHashMap<>();
    private final Map<Path, Long> lastUse = new ConcurrentHashMap<>();
    private final AtomicLong useClock = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object switching = new Object();

    /** What the store holds: complete entries, their tarballs' bytes, and the largest tarball's. */
    public record Usage(int entries, long bytes, long largest) {}

    /** What {@link #dropUntrusted} did: builds checked, builds dropped. */
    public record TrustCheck(int checked, int dropped) {}

    /** A verified tarball in the store, its signature (null for a build allowed unsigned) and checksums. */
    public record Stored(Path tarball, byte[] signature, Map<String, String> checksums) {}

    public TarballStore(Path root, BridgeSource source, long maxBytes, int maxDownloads, BridgeLog log) {
        this(root, source, maxBytes, maxDownloads, ByteSize.parse("max-build-size", DEFAULT_MAX_BUILD_SIZE), log);
    }

    /**
     * @param maxBuildSize the most bytes a download may write: past it (or past the length upstream announced) it is
     *     broken off and nothing is stored
     */
    public TarballStore(Path root, BridgeSource source, long maxBytes, int maxDownloads, long maxBuildSize,
            BridgeLog log) {
        this.root = root.toAbsolutePath().normalize();
        this.source = source;
        this.maxBytes = maxBytes;
        this.maxBuildSize = maxBuildSize;
        this.downloads = new Semaphore(maxDownloads, true);
        this.log = log;
        this.acceptance = source.acceptance(this.root.resolve(SIGNATURE_TIMES), log);
    }

    public Path root() {
        return root;
    }

    /** Where the store keeps {@code coordinate}'s tarball. */
    public Path tarballPath(SlurmCoordinate coordinate) {
        return root.resolve(coordinate.mavenPath());
    }

    /** The stored build, downloading and verifying it first if the store lacks it. */
    public Stored get(SlurmCoordinate coordinate) throws IOException, VerificationException {
        Optional<Stored> cached = cached(coordinate);
        return cached.isPresent() ? cached.get() : download(coordinate, false);
    }

    /** Downloads and verifies the build again, replacing the stored one only when the new one verified. */
    public Stored refresh(SlurmCoordinate coordinate) throws IOException, VerificationException {
        return download(coordinate, true);
    }

    /** The stored build, if the store has a complete entry for it. */
    public Optional<Stored> cached(SlurmCoordinate coordinate) throws IOException {
        synchronized (switching) {
            return read(coordinate);
        }
    }

    private Optional<Stored> read(SlurmCoordinate coordinate) throws IOException {
        Path tarball = tarballPath(coordinate);
        if (Files.exists(sibling(tarball, SWITCHING))) {
            log.warn("Dropping the stored " + coordinate + ": a switch to a new download of it did not finish"
                    + " (the process stopped, or a write failed); it is downloaded again when asked for");
            delete(tarball);
            return Optional.empty();
        }
        if (!Files.isRegularFile(tarball)) {
            return Optional.empty();
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        try {
            for (String extension : CHECKSUMS) {
                checksums.put(extension, Files.readString(sibling(tarball, "." + extension), StandardCharsets.US_ASCII)
                        .trim());
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Path asc = sibling(tarball, CacheLayout.SIGNATURE_SUFFIX);
        byte[] signature = Files.isRegularFile(asc) ? Files.readAllBytes(asc) : null;
        used(tarball);
        return Optional.of(new Stored(tarball, signature, checksums));
    }

    /**
     * Verifies a stored build again, in one read of its tarball, under today's trust: its bytes must still match its
     * checksum file, and {@link TarballAcceptance} accept them with the stored signature.
     *
     * @return the signature outcome, to log; empty when the bytes on disk changed since they were stored
     * @throws VerificationException when today's trust refuses the build (the caller drops it)
     * @throws IOException when the tarball cannot be read
     */
    public Optional<SignatureOutcome> verify(SlurmCoordinate coordinate, Stored stored)
            throws IOException, VerificationException {
        SignatureCheck check = null;
        VerificationException refusal = null;
        try {
            check = begin(coordinate, stored);
        } catch (VerificationException e) {
            refusal = e;
        }
        Checksums sha256 = new Checksums(List.of("sha256"));
        ObservedInputStream.Observer observer = sha256::update;
        if (check != null) {
            observer = observer.andThen(check::update);
        }
        try (InputStream in = new ObservedInputStream(Files.newInputStream(stored.tarball()), observer)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!sha256.hex().get("sha256").equals(stored.checksums().get("sha256"))) {
            return Optional.empty();
        }
        SignatureCheck started = check;
        VerificationException refused = refusal;
        return Optional.of(acceptance.accept(Candidate.of(coordinate, () -> {
            if (started == null) {
                throw refused;
            }
            return started.finish();
        })));
    }

    /**
     * The stored build, if today's trust still accepts it. Under the trust settings recorded with it
     * ({@link BridgeSource#trustSettings}), only its {@code .asc} is checked again (pinned key, revocation, expiry,
     * allow-list, signature time: no byte of the tarball is read); under other settings (or none recorded) it is
     * verified again in one read ({@link #verify}) and the settings recorded.
     *
     * @return the stored build; empty when its bytes changed on disk (it is dropped: fetch it again)
     * @throws VerificationException when today's trust refuses it: it is dropped, and the log says why
     */
    public Optional<Stored> underTodaysTrust(SlurmCoordinate coordinate, Stored stored)
            throws IOException, VerificationException {
        String settings = source.trustSettings(coordinate);
        Optional<String> recorded = recordedTrust(coordinate);
        if (recorded.isPresent() && recorded.get().equals(settings)) {
            checkSignature(coordinate, stored);
            return Optional.of(stored);
        }
        log.info(coordinate + " was stored under other trust settings (" + recorded.orElse("none recorded")
                + "; today " + settings + "): verifying it again");
        Optional<SignatureOutcome> outcome;
        try {
            outcome = verify(coordinate, stored);
        } catch (VerificationException e) {
            throw dropped(coordinate, e);
        }
        if (outcome.isEmpty()) {
            drop(coordinate);
            log.warn("Dropped the stored " + coordinate + ": its bytes changed on disk since they were verified");
            return Optional.empty();
        }
        recordTrust(coordinate, settings);
        return Optional.of(stored);
    }

    /**
     * Checks every stored build's {@code .asc} under today's trust, as at start, and drops those refused; reads no
     * tarball (a build stored under other trust settings is verified again in full on its first request).
     *
     * @return how many builds were checked and how many dropped
     */
    public TrustCheck dropUntrusted() throws IOException {
        int checked = 0;
        int dropped = 0;
        for (Path tarball : tarballs()) {
            Optional<SlurmCoordinate> coordinate = MavenPath.parse(root.relativize(tarball).toString()
                    .replace('\\', '/')).map(MavenPath::coordinate);
            Optional<Stored> stored = coordinate.isPresent() ? cached(coordinate.get()) : Optional.empty();
            if (stored.isEmpty()) {
                continue;
            }
            checked++;
            try {
                checkSignature(coordinate.get(), stored.get());
            } catch (VerificationException e) {
                dropped++;
            }
        }
        return new TrustCheck(checked, dropped);
    }

    /** Today's trust on the stored {@code .asc} alone; a build refused is dropped. */
    private void checkSignature(SlurmCoordinate coordinate, Stored stored) throws IOException, VerificationException {
        try {
            SignatureOutcome outcome = acceptance.accept(
                    Candidate.of(coordinate, () -> begin(coordinate, stored).beforeData()));
            if (!outcome.isVerified()) {
                log.warn(outcome.message());
            }
        } catch (VerificationException e) {
            throw dropped(coordinate, e);
        }
    }

    private VerificationException dropped(SlurmCoordinate coordinate, VerificationException refusal)
            throws IOException {
        drop(coordinate);
        log.warn("Dropped the stored " + coordinate + ", which today's trust refuses: " + refusal.getMessage());
        return refusal;
    }

    /** The check of the stored {@code .asc} under today's trust, begun: no byte of the tarball read yet. */
    private SignatureCheck begin(SlurmCoordinate coordinate, Stored stored) throws IOException, VerificationException {
        if (stored.signature() == null) {
            throw VerificationException.noSignature(coordinate.toString(), sibling(stored.tarball(),
                    CacheLayout.SIGNATURE_SUFFIX) + " (stored unsigned)");
        }
        return source.signatureCheck(coordinate, stored.signature());
    }

    private Path trustRecord(SlurmCoordinate coordinate) {
        return root.resolve(TRUST_RECORDS).resolve(coordinate.toString().replace(':', '_'));
    }

    private Optional<String> recordedTrust(SlurmCoordinate coordinate) throws IOException {
        try {
            return Optional.of(Files.readString(trustRecord(coordinate), StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void recordTrust(SlurmCoordinate coordinate, String settings) throws IOException {
        AtomicFiles.write(trustRecord(coordinate), (settings + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the stored build of {@code coordinate}: its tarball first, then its signature, checksums and trust. */
    public void drop(SlurmCoordinate coordinate) throws IOException {
        Path tarball = tarballPath(coordinate);
        delete(tarball);
        Files.deleteIfExists(trustRecord(coordinate));
        lastUse.remove(tarball);
    }

    private static void delete(Path tarball) throws IOException {
        for (Path file : List.of(tarball, sibling(tarball, CacheLayout.SIGNATURE_SUFFIX))) {
            Files.deleteIfExists(file);
            for (String extension : CHECKSUMS) {
                Files.deleteIfExists(sibling(file, "." + extension));
            }
        }
        Files.deleteIfExists(sibling(tarball, SWITCHING)); // last: a set half deleted stays marked
    }

    /** The tarballs stored now. */
    public Usage usage() throws IOException {
        List<Path> tarballs = tarballs();
        long bytes = 0;
        long largest = 0;
        for (Path tarball : tarballs) {
            long size = size(tarball);
            bytes += size;
            largest = Math.max(largest, size);
        }
        return new Usage(tarballs.size(), bytes, largest);
    }

    /** Tarballs removed to stay within the size, since the store was made. */
    public long evictions() {
        return evictions.get();
    }

    /** Upstream downloads running now. */
    public int downloadsInFlight() {
        return inFlight.size();
    }

    /** Requests waiting for a download to end now (the one that started it included). */
    public int clientsWaiting() {
        return waiting.get();
    }

    private Stored download(SlurmCoordinate coordinate, boolean replace) throws IOException, VerificationException {
        waiting.incrementAndGet();
        try {
            return shared(coordinate, replace);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Stored shared(SlurmCoordinate coordinate, boolean replace) throws IOException, VerificationException {
        CompletableFuture<Stored> mine = new CompletableFuture<>();
        CompletableFuture<Stored> running = inFlight.putIfAbsent(coordinate, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Optional<Stored> cached = replace ? Optional.empty() : cached(coordinate);
            Stored stored = cached.isPresent() ? cached.get() : fetch(coordinate);
            mine.complete(stored);
            return stored;
        } catch (IOException | VerificationException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(coordinate, mine);
        }
    }

    private static Stored await(CompletableFuture<Stored> running) throws IOException, VerificationException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a download");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof VerificationException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Stored fetch(SlurmCoordinate coordinate) throws IOException, VerificationException {
        try {
            downloads.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a download slot");
        }
        Path tarball = tarballPath(coordinate);
        Stored stored;
        try (BridgeSource.VerifiedTarball download = source.open(coordinate)) {
            Files.createDirectories(tarball.getParent());
            Path part = Files.createTempFile(tarball.getParent(), "." + tarball.getFileName(), PART);
            try {
                try (OutputStream out = Files.newOutputStream(part)) {
                    copyBounded(coordinate, download, out);
                }
                SignatureOutcome verified = acceptance.accept(Candidate.of(coordinate, download::finish));
                Map<String, String> hex = download.checksums();
                switchTo(coordinate, part, download.signature(), hex);
                if (verified.isVerified()) {
                    log.info(verified.message() + " (" + Files.size(tarball) + " bytes)");
                } else {
                    log.warn(verified.message());
                }
                stored = new Stored(tarball, download.signature(), hex);
            } finally {
                Files.deleteIfExists(part);
            }
        } finally {
            downloads.release();
        }
        used(tarball);
        evict(tarball);
        return stored;
    }

    /**
     * Copies the download, never more than the length upstream announced nor {@code maxBuildSize}: a hostile or
     * broken cache cannot fill the disk with one endless body.
     */
    private void copyBounded(SlurmCoordinate coordinate, BridgeSource.VerifiedTarball download, OutputStream out)
            throws IOException {
        long announced = download.length();
        long limit = announced >= 0 ? Math.min(announced, maxBuildSize) : maxBuildSize;
        if (announced > maxBuildSize) {
            throw new IOException("The Slurm cache announces " + announced + " bytes for " + coordinate
                    + ", more than --max-build-size " + maxBuildSize);
        }
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int n; (n = download.stream().read(buffer)) >= 0; ) {
            copied += n;
            if (copied > limit) {
                throw new IOException("The Slurm cache sent more than " + limit + " bytes for " + coordinate + " ("
                        + (announced >= 0 && announced < maxBuildSize ? "its Content-Length" : "--max-build-size")
                        + "); the download is broken off and nothing is stored");
            }
            out.write(buffer, 0, n);
        }
    }

    /**
     * Puts a verified download in place of {@code coordinate}'s set: its {@code .asc}, checksum files and tarball.
     * A marker beside the tarball is written before the first file changes and removed after the last; readers in
     * this process wait for the switch, and a marker that a crash or a failed write left makes {@link #cached} drop
     * the set, so it is downloaded again: the files served always belong together.
     */
    private void switchTo(SlurmCoordinate coordinate, Path part, byte[] signature, Map<String, String> hex)
            throws IOException {
        Path tarball = tarballPath(coordinate);
        Path marker = sibling(tarball, SWITCHING);
        synchronized (switching) {
            Files.write(marker, new byte[0]);
            if (signature != null) {
                writeWithChecksums(sibling(tarball, CacheLayout.SIGNATURE_SUFFIX), signature);
            }
            writeChecksums(tarball, hex);
            recordTrust(coordinate, source.trustSettings(coordinate));
            Files.move(part, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(marker);
        }
    }

    /** Writes {@code bytes} to {@code target}, and its checksum files beside it. */
    static void writeWithChecksums(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
        writeChecksums(target, Checksums.of(bytes));
    }

    /** Writes {@code <file>.sha1}, {@code .md5}, {@code .sha256}, {@code .sha512}. */
    private static void writeChecksums(Path file, Map<String, String> hex) throws IOException {
        for (String extension : CHECKSUMS) {
            AtomicFiles.write(sibling(file, "." + extension), hex.get(extension).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Removes the least recently used tarballs (never {@code keep}) until the store is within its size. */
    private synchronized void evict(Path keep) throws IOException {
        if (maxBytes == Long.MAX_VALUE) {
            return;
        }
        List<Path> tarballs = tarballs();
        long total = 0;
        for (Path tarball : tarballs) {
            total += size(tarball);
        }
        tarballs.sort(Comparator.comparingLong(this::lastUse));
        for (Path tarball : tarballs) {
            if (total <= maxBytes) {
                return;
            }
            if (tarball.equals(keep)) {
                continue;
            }
            long size = size(tarball);
            delete(tarball);
            lastUse.remove(tarball);
            evictions.incrementAndGet();
            total -= size;
            log.info("Evicted " + root.relativize(tarball) + " (" + size + " bytes) from the disk cache: over "
                    + maxBytes + " bytes");
        }
    }

    /** The stored tarballs. */
    private List<Path> tarballs() throws IOException {
        List<Path> tarballs = new ArrayList<>();
        Path slurm = root.resolve(SlurmCoordinate.REPOSITORY_FOLDER);
        if (Files.isDirectory(slurm)) {
            try (Stream<Path> files = Files.walk(slurm, 2)) {
                files.filter(f -> f.getFileName().toString().endsWith("." + SlurmCoordinate.EXTENSION)
                        && Files.isRegularFile(f)).forEach(tarballs::add);
            }
        }
        return tarballs;
    }

    /** Marks {@code tarball} used now: a millisecond time, strictly increasing across calls. */
    private void used(Path tarball) {
        lastUse.put(tarball, useClock.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
    }

    /** When {@code tarball} was last used; for one stored by an earlier run, when it was written. */
    private long lastUse(Path tarball) {
        Long used = lastUse.get(tarball);
        if (used != null) {
            return used;
        }
        try {
            return Files.getLastModifiedTime(tarball).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
