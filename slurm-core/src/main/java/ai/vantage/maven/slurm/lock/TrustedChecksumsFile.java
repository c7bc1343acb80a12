package ai.vantage.maven.slurm.lock;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lock's checksums as a summary file of Maven Resolver's trusted checksums (resolver 1.9+,
 * {@code aether.trustedChecksumsSource.summaryFile}): {@code checksums.sha256} (or {@code checksums-<repoId>.sha256}
 * when the source is origin-aware) in the source's base directory, one line per artifact, {@code <sha256>} two spaces
 * and the artifact's path in the local repository, sorted by path (GNU {@code sha256sum -c} reads it). Lines of
 * other artifacts already in the file are kept; those of {@code ai.vantage:slurm} are replaced by the lock's.
 */
public final class TrustedChecksumsFile {

    /** Resolver's switch of the summary-file source ({@code true} enables it; off by default). */
    public static final String CONFIG_PROP_SOURCE = "aether.trustedChecksumsSource.summaryFile";

    /** The source's directory: absolute, or relative to the local repository; {@value #DEFAULT_BASEDIR} by default. */
    public static final String CONFIG_PROP_BASEDIR = CONFIG_PROP_SOURCE + ".basedir";

    /** Whether the summary file is named for the repository an artifact came from ({@code true} by default). */
    public static final String CONFIG_PROP_ORIGIN_AWARE = CONFIG_PROP_SOURCE + ".originAware";

    /** Resolver's switch of the post-processor that checks resolved artifacts against the sources (off by default). */
    public static final String CONFIG_PROP_POST_PROCESSOR = "aether.artifactResolver.postProcessor.trustedChecksums";

    /** The algorithms that post-processor checks, comma-separated; {@value #DEFAULT_ALGORITHMS} by default. */
    public static final String CONFIG_PROP_ALGORITHMS = CONFIG_PROP_POST_PROCESSOR + ".checksumAlgorithms";

    static final String DEFAULT_BASEDIR = ".checksums";
    static final String DEFAULT_ALGORITHMS = "SHA-1";

    private TrustedChecksumsFile() {}

    /**
     * Resolver's summary-file source as a build configures it (the same keys and defaults in resolver 1.9 and 2.0).
     *
     * @param basedir where its summary files are
     * @param originAware whether their names carry the id of the repository an artifact came from
     */
    public record Source(Path basedir, boolean originAware) {

        /**
         * The source {@code config} (the session's configuration properties) enables, its directory resolved as
         * resolver resolves it; empty when it is not enabled.
         */
        public static Optional<Source> of(Map<?, ?> config, Path localRepository) {
            if (!flag(config, CONFIG_PROP_SOURCE, false)) {
                return Optional.empty();
            }
            Object basedir = config.get(CONFIG_PROP_BASEDIR);
            Path path = Path.of(basedir == null ? DEFAULT_BASEDIR : basedir.toString());
            return Optional.of(new Source(localRepository.resolve(path).normalize(),
                    flag(config, CONFIG_PROP_ORIGIN_AWARE, true)));
        }

        /**
         * Writes the lock's lines ({@link TrustedChecksumsFile#write}) into the summary file resolver reads for
         * artifacts from {@code repositoryIds}: its one file, or, origin-aware, the file of each repository.
         *
         * @return the files written
         */
        public List<Path> write(Collection<String> repositoryIds, LockFile lock) throws IOException {
            List<Path> written = new ArrayList<>();
            Collection<String> files = originAware ? new TreeSet<>(repositoryIds) : Collections.singleton(null);
            for (String repositoryId : files) {
                written.add(TrustedChecksumsFile.write(basedir, repositoryId, lock));
            }
            return written;
        }
    }

    /**
     * Whether resolver checks SHA-256 from the trusted sources in a build of {@code config}: its post-processor is on
     * and SHA-256 is among its algorithms (by default it checks SHA-1 only, which the lock does not hold).
     */
    public static boolean checksSha256(Map<?, ?> config) {
        Object algorithms = config.get(CONFIG_PROP_ALGORITHMS);
        return flag(config, CONFIG_PROP_POST_PROCESSOR, false)
                && Arrays.stream((algorithms == null ? DEFAULT_ALGORITHMS : algorithms.toString()).split(","))
                        .anyMatch(a -> a.strip().equals("SHA-256"));
    }

    private static boolean flag(Map<?, ?> config, String key, boolean unset) {
        Object value = config.get(key);
        return value == null ? unset : Boolean.parseBoolean(value.toString());
    }

    /** The summary file's name: {@code checksums.sha256}, or {@code checksums-<repositoryId>.sha256}. */
    public static String fileName(String repositoryId) {
        return repositoryId == null || repositoryId.isEmpty() ? "checksums.sha256" : "checksums-" + repositoryId + ".sha256";
    }

    /**
     * Writes the lock's sha256 lines into the summary file in {@code basedir}, atomically.
     *
     * @param repositoryId the repository id for an origin-aware source, or null for {@code originAware=false}
     * @return the file written
     * @throws IOException when the existing file cannot be read or the new one written
     */
    public static Path write(Path basedir, String repositoryId, LockFile lock) throws IOException {
        Path file = basedir.resolve(fileName(repositoryId));
        Map<String, String> byPath = new TreeMap<>();
        for (String line : existing(file)) {
            String trimmed = line.strip();
            int gap = trimmed.indexOf("  ");
            if (trimmed.isEmpty() || trimmed.startsWith("#") || gap < 0) {
                continue;
            }
            String path = trimmed.substring(gap + 2);
            if (!path.startsWith(SlurmCoordinate.REPOSITORY_FOLDER)) {
                byPath.put(path, trimmed.substring(0, gap));
            }
        }
        for (LockEntry entry : lock.entries()) {
            byPath.put(entry.coordinate().mavenPath(), entry.sha256());
        }
        StringBuilder text = new StringBuilder();
        byPath.forEach((path, sha256) -> text.append(sha256).append("  ").append(path).append('\n'));
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static List<String> existing(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
