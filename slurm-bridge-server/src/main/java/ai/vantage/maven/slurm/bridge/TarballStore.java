package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.accept.TarballAcceptance;
import ai.vantage.maven.slurm.accept.TarballAcceptance.Candidate;
import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureOutcome;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ModuleFileScanner;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
import java.util.function.Consumer;

/**
 * Verified tarballs on disk, each with its {@code .asc} and its {@code .sha1}, {@code .md5}, {@code .sha256},
 * {@code .sha512} beside it, where a {@link StoreLayout} keeps them: for the server a folder per generation of each
 * build and one atomic switch ({@link GenerationFolders}), for the offline mirror a Maven 2 folder
 * ({@link MavenFolder}). A download is written, with its signature and checksum files, into a set of its own while its
 * signature and checksums are computed, and switched to only when {@link TarballAcceptance} accepted it (signature
 * under today's trust, then the signature time against the newest served, kept in {@link #SIGNATURE_TIMES}: an older
 * build is a rollback): the files served belong together. Concurrent requests for one build share one download; at
 * most {@code maxDownloads} run at once; past {@code maxBytes} the least recently used tarballs are removed. The release
 * a build's module file shows is read in its download's one pass and recorded, so that an exact version is served
 * from the series' build only when it is that release ({@link #asRelease}).
 */
public final class TarballStore {

    /** The checksum files written beside every tarball. */
    public static final List<String> CHECKSUMS = List.of("sha1", "md5", "sha256", "sha512");

    /** Where the newest signature time served per coordinate is kept, relative to the store's root. */
    public static final String SIGNATURE_TIMES = ".slurm/signature-times";

    /** Where the trust settings each stored build was last verified under are kept, relative to the store's root. */
    public static final String TRUST_RECORDS = ".slurm/trust";

    /**
     * Where the release each stored build's module file shows is kept (with the SHA-256 of the bytes it was read
     * from), relative to the store's root.
     */
    public static final String RELEASE_RECORDS = ".slurm/release";

    /** How long a replaced generation of a build is kept for requests that read its files' names just before. */
    static final Duration REPLACED_GRACE = Duration.ofSeconds(30);

    /** The default most bytes of one build's download: larger than any real Slurm build. */
    public static final String DEFAULT_MAX_BUILD_SIZE = "20g";

    private final Path root;
    private final StoreLayout layout;
    private final BridgeSource source;
    private final long maxBytes;
    private final long maxBuildSize;
    private final Semaphore downloads;
    private final BridgeLog log;
    private final TarballAcceptance acceptance;
    private final Map<SlurmCoordinate, CompletableFuture<Stored>> inFlight = new ConcurrentHashMap<>();
    private final Map<SlurmCoordinate, Long> lastUse = new ConcurrentHashMap<>();
    private final AtomicLong useClock = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Consumer<SwitchPoint> checkpoints = point -> {};

    /** The points a download passes on its way to being served, in order: where a test may stop the process. */
    enum SwitchPoint {
        /** Part of the tarball written into the new set. */
        COPYING,
        /** The whole tarball written. */
        COPIED,
        /** Accepted (its signature time recorded), and the signature and checksum files written beside it. */
        ACCEPTED,
        /** The new set switched to; the one replaced not yet deleted, the trust settings not yet recorded. */
        SWITCHED
    }

    /** What the store holds: complete entries, their tarballs' bytes, and the largest tarball's. */
    public record Usage(int entries, long bytes, long largest) {}

    /** What {@link #dropUntrusted} did: builds checked, builds dropped. */
    public record TrustCheck(int checked, int dropped) {}

    /** A verified tarball in the store, its signature (null for a build allowed unsigned) and checksums. */
    public record Stored(Path tarball, byte[] signature, Map<String, String> checksums) {}

    /** A server's store, in {@link GenerationFolders}. */
    public TarballStore(Path root, BridgeSource source, long maxBytes, int maxDownloads, BridgeLog log) {
        this(root, source, maxBytes, maxDownloads, ByteSize.parse("max-build-size", DEFAULT_MAX_BUILD_SIZE), log);
    }

    /**
     * @param maxBuildSize the most bytes a download may write: past it (or past the length upstream announced) it is
     *     broken off and nothing is stored
     */
    public TarballStore(Path root, BridgeSource source, long maxBytes, int maxDownloads, long maxBuildSize,
            BridgeLog log) {
        this(new GenerationFolders(root.toAbsolutePath().normalize(), REPLACED_GRACE), root, source, maxBytes,
                maxDownloads, maxBuildSize, log);
    }

    /** A store in {@code layout}, whose folder is {@code root}. */
    TarballStore(StoreLayout layout, Path root, BridgeSource source, long maxBytes, int maxDownloads,
            long maxBuildSize, BridgeLog log) {
        this.layout = layout;
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

    /** Stops the process's downloads at {@code checkpoints}' command: for the tests of a switch cut off. */
    void checkpoints(Consumer<SwitchPoint> checkpoints) {
        this.checkpoints = checkpoints;
    }

    /**
     * Deletes what a process stopped mid-way left (sets half written, or replaced but not yet deleted); to call
     * before the store is used.
     *
     * @return how many sets were deleted
     */
    public int cleanUp() throws IOException {
        return layout.clean();
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
        Optional<Path> current = layout.tarball(coordinate);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Path tarball = current.get();
        Map<String, String> checksums = new LinkedHashMap<>();
        byte[] signature;
        try {
            for (String extension : CHECKSUMS) {
                checksums.put(extension, Files.readString(sibling(tarball, "." + extension), StandardCharsets.US_ASCII)
                        .trim());
            }
            Path asc = sibling(tarball, CacheLayout.SIGNATURE_SUFFIX);
            signature = Files.isRegularFile(asc) ? Files.readAllBytes(asc) : null;
            if (!Files.isRegularFile(tarball)) {
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed meanwhile
        }
        used(coordinate);
        return Optional.of(new Stored(tarball, signature, checksums));
    }

    /**
     * Verifies a stored build again, in one read of its tarball, under today's trust: its bytes must still match its
     * checksum file, and {@link TarballAcceptance} accept them with the stored signature; the release its module file
     * shows is recorded from the same read.
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
        ModuleFileScanner module = new ModuleFileScanner();
        ObservedInputStream.Observer hash = sha256::update;
        ObservedInputStream.Observer observer = hash.andThen(module);
        if (check != null) {
            observer = observer.andThen(check::update);
        }
        try (InputStream in = new ObservedInputStream(Files.newInputStream(stored.tarball()), observer)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!sha256.hex().get("sha256").equals(stored.checksums().get("sha256"))) {
            return Optional.empty();
        }
        recordRelease(coordinate, stored.checksums().get("sha256"), module.shown());
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
        for (SlurmCoordinate coordinate : layout.stored()) {
            Optional<Stored> stored = cached(coordinate);
            if (stored.isEmpty()) {
                continue;
            }
            checked++;
            try {
                checkSignature(coordinate, stored.get());
            } catch (VerificationException e) {
                dropped++;
            }
        }
        return new TrustCheck(checked, dropped);
    }

    /**
     * The stored build, as the exact release {@code exact}: {@link TarballAcceptance} accepts it only when the release
     * its module file shows (recorded from the download's one pass, {@link #RELEASE_RECORDS}) is that release. A build
     * whose record is missing or of other bytes (stored by an older version, or a stop between switch and record) is
     * read once to record it. The stored build stays the series' build either way.
     *
     * @throws ai.vantage.maven.slurm.accept.WrongReleaseException when its module file shows another release, or none
     * @throws VerificationException when today's trust refuses its stored {@code .asc}
     */
    public Stored asRelease(SlurmCoordinate coordinate, Stored stored, ExactRelease exact)
            throws IOException, VerificationException {
        acceptance.accept(Candidate.of(coordinate, () -> begin(coordinate, stored).beforeData())
                .exactRelease(Optional.of(exact), () -> release(coordinate, stored)));
        return stored;
    }

    /** The release the stored build's module file shows: as recorded for its bytes, else read once and recorded. */
    private ReleaseShown release(SlurmCoordinate coordinate, Stored stored) throws IOException {
        String sha256 = stored.checksums().get("sha256");
        try {
            String record = Files.readString(releaseRecord(coordinate), StandardCharsets.UTF_8).strip();
            if (record.startsWith(sha256 + " ")) {
                return ReleaseShown.parseRecord(record.substring(sha256.length() + 1));
            }
        } catch (NoSuchFileException | IllegalArgumentException e) {
            // read it below
        }
        log.info(coordinate + " has no record of the release its module file shows: reading it once");
        ModuleFileScanner module = new ModuleFileScanner();
        try (InputStream in = new ObservedInputStream(Files.newInputStream(stored.tarball()), module)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        recordRelease(coordinate, sha256, module.shown());
        return module.shown();
    }

    private Path releaseRecord(SlurmCoordinate coordinate) {
        return root.resolve(RELEASE_RECORDS).resolve(coordinate.toString().replace(':', '_'));
    }

    /** Records the release the bytes of SHA-256 {@code sha256} show: a record of other bytes counts for nothing. */
    private void recordRelease(SlurmCoordinate coordinate, String sha256, ReleaseShown shown) throws IOException {
        AtomicFiles.write(releaseRecord(coordinate), (sha256 + " " + shown.record() + "\n")
                .getBytes(StandardCharsets.UTF_8));
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

    /** Removes the stored build of {@code coordinate}: its set of files, then its trust and release records. */
    public void drop(SlurmCoordinate coordinate) throws IOException {
        layout.remove(coordinate);
        Files.deleteIfExists(trustRecord(coordinate));
        Files.deleteIfExists(releaseRecord(coordinate));
        lastUse.remove(coordinate);
    }

    /** The tarballs stored now. */
    public Usage usage() throws IOException {
        Map<SlurmCoordinate, Long> sizes = sizes();
        long bytes = 0;
        long largest = 0;
        for (long size : sizes.values()) {
            bytes += size;
            largest = Math.max(largest, size);
        }
        return new Usage(sizes.size(), bytes, largest);
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
        Stored stored;
        try (BridgeSource.VerifiedTarball download = source.open(coordinate)) {
            Path prepared = layout.prepare(coordinate);
            boolean switched = false;
            try {
                Path written = prepared.resolve(coordinate.mavenFileName());
                try (FileChannel channel = FileChannel.open(written, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    copyBounded(coordinate, download, Channels.newOutputStream(channel));
                    channel.force(true);
                }
                checkpoints.accept(SwitchPoint.COPIED);
                SignatureOutcome verified = acceptance.accept(Candidate.of(coordinate, download::finish));
                Map<String, String> hex = download.checksums();
                if (download.signature() != null) {
                    writeWithChecksums(sibling(written, CacheLayout.SIGNATURE_SUFFIX), download.signature());
                }
                writeChecksums(written, hex);
                checkpoints.accept(SwitchPoint.ACCEPTED);
                layout.switchTo(coordinate, prepared);
                switched = true;
                checkpoints.accept(SwitchPoint.SWITCHED);
                recordTrust(coordinate, source.trustSettings(coordinate));
                recordRelease(coordinate, hex.get("sha256"), download.release());
                Path tarball = layout.tarball(coordinate).orElseThrow();
                if (verified.isVerified()) {
                    log.info(verified.message() + " (" + Files.size(tarball) + " bytes)");
                } else {
                    log.warn(verified.message());
                }
                stored = new Stored(tarball, download.signature(), hex);
            } finally {
                if (!switched) {
                    layout.discard(prepared);
                }
            }
        } finally {
            downloads.release();
        }
        used(coordinate);
        evict(coordinate);
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
            if (copied == n) {
                checkpoints.accept(SwitchPoint.COPYING);
            }
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

    /** Removes the least recently used tarballs (never {@code keep}'s) until the store is within its size. */
    private synchronized void evict(SlurmCoordinate keep) throws IOException {
        if (maxBytes == Long.MAX_VALUE) {
            return;
        }
        Map<SlurmCoordinate, Long> sizes = sizes();
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        List<SlurmCoordinate> oldestFirst = new ArrayList<>(sizes.keySet());
        oldestFirst.sort(Comparator.comparingLong(this::lastUse));
        for (SlurmCoordinate coordinate : oldestFirst) {
            if (total <= maxBytes) {
                return;
            }
            if (coordinate.equals(keep)) {
                continue;
            }
            long size = sizes.get(coordinate);
            drop(coordinate);
            evictions.incrementAndGet();
            total -= size;
            log.info("Evicted " + coordinate + " (" + size + " bytes) from the disk cache: over " + maxBytes
                    + " bytes");
        }
    }

    /** The size of each stored tarball. */
    private Map<SlurmCoordinate, Long> sizes() throws IOException {
        Map<SlurmCoordinate, Long> sizes = new LinkedHashMap<>();
        for (SlurmCoordinate coordinate : layout.stored()) {
            Optional<Path> tarball = layout.tarball(coordinate);
            try {
                if (tarball.isPresent()) {
                    sizes.put(coordinate, Files.size(tarball.get()));
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
        return sizes;
    }

    /** Marks {@code coordinate} used now: a millisecond time, strictly increasing across calls. */
    private void used(SlurmCoordinate coordinate) {
        lastUse.put(coordinate, useClock.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
    }

    /** When {@code coordinate} was last used; for one stored by an earlier run, when its tarball was written. */
    private long lastUse(SlurmCoordinate coordinate) {
        Long used = lastUse.get(coordinate);
        if (used != null) {
            return used;
        }
        try {
            Optional<Path> tarball = layout.tarball(coordinate);
            return tarball.isPresent() ? Files.getLastModifiedTime(tarball.get()).toMillis() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
