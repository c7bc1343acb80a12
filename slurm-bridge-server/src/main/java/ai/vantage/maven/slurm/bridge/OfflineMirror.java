package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies a chosen set of builds into a Maven 2 directory repository with the files the bridge server serves (from
 * {@link RepositoryFiles}, one implementation): tarballs verified before they are written, their {@code .asc}, the
 * POMs, the GA-level {@code maven-metadata.xml} of the series in the folder, and four checksums of each. Re-runs skip
 * what is there already: a tarball whose {@code .asc} equals the cache's, whose bytes match its checksum and which
 * {@link ai.vantage.maven.slurm.accept.TarballAcceptance} accepts today (one it refuses is removed and reported), a
 * small file with the same content. A build that fails verification is not written and is reported; the rest go on.
 */
public final class OfflineMirror {

    private static final Pattern LAST_UPDATED = Pattern.compile("<lastUpdated>\\d+</lastUpdated>");

    private final BridgeSource source;
    private final Path target;
    private final TarballStore store;
    private final RepositoryFiles files;
    private final BridgeLog log;

    public OfflineMirror(BridgeSource source, Path target, BridgeLog log) {
        this.source = source;
        this.target = target.toAbsolutePath().normalize();
        this.store = new TarballStore(new MavenFolder(this.target), this.target, source, Long.MAX_VALUE, 1,
                ByteSize.parse("max-build-size", TarballStore.DEFAULT_MAX_BUILD_SIZE), log);
        // the mirror compares signatures itself (build()); it takes only the small files from RepositoryFiles
        this.files = new RepositoryFiles(source, store, Duration.ZERO, Duration.ZERO, Clock.systemUTC(), log);
        this.log = log;
    }

    /**
     * Mirrors {@code selection}.
     *
     * @throws IOException when the cache's series cannot be read or the folder cannot be written
     */
    public MirrorReport run(MirrorSelection selection) throws IOException {
        store.cleanUp();
        List<String> series = selection.series().isEmpty() ? source.series() : selection.series();
        List<MirrorReport.Row> rows = new ArrayList<>();
        int absent = 0;
        for (String s : series) {
            for (var toolchain : selection.toolchains()) {
                for (var arch : selection.arches()) {
                    SlurmCoordinate coordinate = new SlurmCoordinate(s, toolchain, arch);
                    Optional<MirrorReport.Row> row = build(coordinate);
                    if (row.isPresent()) {
                        rows.add(row.get());
                    } else {
                        absent++;
                    }
                }
            }
        }
        for (String s : mirroredSeries()) {
            write(RepositoryFiles.pomPath(s), files.pom(SlurmVersion.parse(s)));
        }
        if (!mirroredSeries().isEmpty()) {
            write(RepositoryFiles.metadataPath(), files.metadata(mirroredSeries()));
        }
        return new MirrorReport(rows, absent);
    }

    /** Mirrors one build; empty when the cache has no such build. */
    private Optional<MirrorReport.Row> build(SlurmCoordinate coordinate) {
        try {
            Optional<byte[]> signature = source.signature(coordinate);
            if (signature.isEmpty()) {
                return Optional.empty();
            }
            Optional<TarballStore.Stored> present = store.cached(coordinate);
            if (present.isPresent() && Arrays.equals(present.get().signature(), signature.get())
                    && reused(coordinate, present.get())) {
                log.info(coordinate + " is mirrored already (same signature, checksums match, accepted today)");
                return Optional.of(MirrorReport.Row.of(coordinate, MirrorReport.Status.UNCHANGED,
                        Files.size(present.get().tarball()), ""));
            }
            TarballStore.Stored stored = store.refresh(coordinate);
            return Optional.of(MirrorReport.Row.of(coordinate, MirrorReport.Status.WRITTEN,
                    Files.size(stored.tarball()), ""));
        } catch (VerificationException e) {
            log.warn("Not mirrored: " + e.getMessage());
            return Optional.of(MirrorReport.Row.of(coordinate, MirrorReport.Status.REFUSED, 0, e.reason().name()));
        } catch (IOException e) {
            log.warn("Not mirrored: " + coordinate + ": " + e.getMessage());
            return Optional.of(MirrorReport.Row.of(coordinate, MirrorReport.Status.FAILED, 0, e.getMessage()));
        }
    }

    /**
     * Accepts a build already in the folder under today's trust, as a fetched one would be; one refused is removed
     * from the folder, so no copy of bytes today's trust refuses stays there.
     *
     * @return false when its bytes no longer match its checksums (to fetch it again)
     */
    private boolean reused(SlurmCoordinate coordinate, TarballStore.Stored present)
            throws IOException, VerificationException {
        try {
            return store.verify(coordinate, present).isPresent();
        } catch (VerificationException e) {
            store.drop(coordinate);
            log.warn("Removed " + present.tarball() + " from the mirror: today's trust refuses it");
            throw e;
        }
    }

    /** The series that have at least one tarball in the folder (from this run or an earlier one). */
    private List<String> mirroredSeries() throws IOException {
        TreeSet<String> series = new TreeSet<>();
        Path slurm = target.resolve(SlurmCoordinate.REPOSITORY_FOLDER);
        if (Files.isDirectory(slurm)) {
            try (Stream<Path> files = Files.walk(slurm, 2)) {
                files.filter(f -> f.getFileName().toString().endsWith("." + SlurmCoordinate.EXTENSION))
                        .forEach(f -> series.add(f.getParent().getFileName().toString()));
            }
        }
        return List.copyOf(series);
    }

    /** Writes a small file and its checksums, unless the folder has the same content already. */
    private void write(String path, RepositoryFile file) throws IOException {
        Path destination = target.resolve(path);
        byte[] bytes;
        try (InputStream in = file.open(0)) {
            bytes = in.readAllBytes();
        }
        if (Files.isRegularFile(destination) && sameContent(Files.readAllBytes(destination), bytes)) {
            return;
        }
        TarballStore.writeWithChecksums(destination, bytes);
        log.info("Wrote " + path);
    }

    /** Equal bytes, but for the metadata's lastUpdated. */
    private static boolean sameContent(byte[] existing, byte[] next) {
        String a = new String(existing, StandardCharsets.UTF_8);
        String b = new String(next, StandardCharsets.UTF_8);
        return LAST_UPDATED.matcher(a).replaceAll("").equals(LAST_UPDATED.matcher(b).replaceAll(""));
    }
}
