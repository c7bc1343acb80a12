package ai.vantage.maven.slurm.lock;

import ai.vantage.maven.slurm.layout.MavenPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lock's checksums as a summary file of Maven Resolver's trusted checksums (resolver 1.9+,
 * {@code aether.trustedChecksumsSource.summaryFile}): {@code checksums.sha256} (or {@code checksums-<repoId>.sha256}
 * when the source is origin-aware) in the source's base directory, one line per artifact, {@code <sha256>} two spaces
 * and the artifact's path in the local repository, sorted by path (GNU {@code sha256sum -c} reads it). Lines of
 * other artifacts already in the file are kept; those of {@code ai.vantage:slurm} are replaced by the lock's.
 */
public final class TrustedChecksumsFile {

    private TrustedChecksumsFile() {}

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
            if (!path.startsWith(MavenPath.SERIES_ROOT)) {
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
