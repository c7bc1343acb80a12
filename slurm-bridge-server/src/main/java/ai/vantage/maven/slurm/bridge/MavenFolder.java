package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.metadata.MavenPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The offline mirror's layout: a plain Maven 2 repository, each build's files at their Maven paths. A new set is
 * prepared in {@code <root>/.slurm/staging/} and moved into place file by file, the old {@code .asc} removed first and
 * the new one moved last: an {@code .asc} equal to the cache's means a complete set, which is what a re-run of the
 * mirror compares first, so a set a stopped run left mixed is fetched again.
 */
final class MavenFolder implements StoreLayout {

    /** Where sets are prepared, relative to the folder. */
    static final String STAGING = ".slurm/staging";

    private final Path root;

    MavenFolder(Path root) {
        this.root = root;
    }

    @Override
    public Optional<Path> tarball(SlurmCoordinate coordinate) {
        Path tarball = root.resolve(coordinate.mavenPath());
        return Files.isRegularFile(tarball) ? Optional.of(tarball) : Optional.empty();
    }

    @Override
    public Path prepare(SlurmCoordinate coordinate) throws IOException {
        Path staging = Files.createDirectories(root.resolve(STAGING));
        return Files.createTempDirectory(staging, coordinate.mavenFileName());
    }

    @Override
    public void switchTo(SlurmCoordinate coordinate, Path prepared) throws IOException {
        Path tarball = root.resolve(coordinate.mavenPath());
        Files.createDirectories(tarball.getParent());
        Path asc = TarballStore.sibling(tarball, CacheLayout.SIGNATURE_SUFFIX);
        Files.deleteIfExists(asc);
        for (Path file : setOf(tarball)) {
            Path source = prepared.resolve(file.getFileName());
            if (Files.exists(source)) {
                Files.move(source, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(file);
            }
        }
        StoreLayout.deleteFolder(prepared);
    }

    /** A set's files in the order they are switched: tarball, its checksums, the signature's, the signature. */
    private static List<Path> setOf(Path tarball) {
        Path asc = TarballStore.sibling(tarball, CacheLayout.SIGNATURE_SUFFIX);
        List<Path> files = new ArrayList<>();
        files.add(tarball);
        for (Path checksummed : List.of(tarball, asc)) {
            for (String extension : TarballStore.CHECKSUMS) {
                files.add(TarballStore.sibling(checksummed, "." + extension));
            }
        }
        files.add(asc);
        return files;
    }

    @Override
    public void discard(Path prepared) throws IOException {
        StoreLayout.deleteFolder(prepared);
    }

    /** Removes the {@code .asc} first: a set half deleted is never taken for a complete one. */
    @Override
    public void remove(SlurmCoordinate coordinate) throws IOException {
        List<Path> files = setOf(root.resolve(coordinate.mavenPath()));
        Files.deleteIfExists(files.get(files.size() - 1));
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public List<SlurmCoordinate> stored() throws IOException {
        List<SlurmCoordinate> stored = new ArrayList<>();
        Path slurm = root.resolve(SlurmCoordinate.REPOSITORY_FOLDER);
        if (Files.isDirectory(slurm)) {
            try (Stream<Path> files = Files.walk(slurm, 2)) {
                files.filter(f -> f.getFileName().toString().endsWith("." + SlurmCoordinate.EXTENSION)
                                && Files.isRegularFile(f))
                        .forEach(f -> MavenPath.parse(root.relativize(f).toString().replace('\\', '/'))
                                .map(MavenPath::coordinate).ifPresent(stored::add));
            }
        }
        return stored;
    }

    @Override
    public int clean() throws IOException {
        Path staging = root.resolve(STAGING);
        int deleted = 0;
        if (Files.isDirectory(staging)) {
            try (Stream<Path> sets = Files.list(staging)) {
                for (Path set : (Iterable<Path>) sets::iterator) {
                    StoreLayout.deleteFolder(set);
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
