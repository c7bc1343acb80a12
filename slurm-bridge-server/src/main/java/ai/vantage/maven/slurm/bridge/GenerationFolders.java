package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bridge server's layout: a folder per build, {@code <root>/builds/<series>/<classifier>/}, holding a folder per
 * generation of the build's files ({@code g<digits>/}: tarball, {@code .asc}, checksum files, complete before use)
 * and a pointer file, {@code current}, naming the generation served. A switch is one atomic rename of the pointer, so
 * a process stopped at any point leaves the old set or the new set. The generation replaced is deleted a grace
 * period after the switch (a request that read the pointer just before still opens its files); at start, every
 * generation the pointer does not name (one half-written, or replaced but not yet deleted) is deleted.
 */
final class GenerationFolders implements StoreLayout {

    /** The folder of the builds, relative to the store's root. */
    static final String FOLDER = "builds";

    /** The pointer file in each build's folder. */
    static final String POINTER = "current";

    private static final String GENERATION = "g";
    private static final Pattern GENERATION_NAME = Pattern.compile(GENERATION + "\\d+");

    private final Path builds;
    private final Duration grace;

    /**
     * @param grace how long a replaced generation is kept after the switch, for requests that read the pointer just
     *     before it
     */
    GenerationFolders(Path root, Duration grace) {
        this.builds = root.resolve(FOLDER);
        this.grace = grace;
    }

    private Path folder(SlurmCoordinate coordinate) {
        return builds.resolve(coordinate.series()).resolve(coordinate.classifier());
    }

    @Override
    public Optional<Path> tarball(SlurmCoordinate coordinate) throws IOException {
        return current(folder(coordinate)).map(generation -> generation.resolve(coordinate.mavenFileName()));
    }

    /** The generation {@code folder}'s pointer names; empty without a pointer. */
    private static Optional<Path> current(Path folder) throws IOException {
        String name;
        try {
            name = Files.readString(folder.resolve(POINTER), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!GENERATION_NAME.matcher(name).matches()) {
            throw new IOException(folder.resolve(POINTER) + " names '" + name + "', not a generation (g<digits>);"
                    + " delete " + folder + " to fetch the build again");
        }
        return Optional.of(folder.resolve(name));
    }

    @Override
    public Path prepare(SlurmCoordinate coordinate) throws IOException {
        Path folder = Files.createDirectories(folder(coordinate));
        return Files.createTempDirectory(folder, GENERATION);
    }

    @Override
    public void switchTo(SlurmCoordinate coordinate, Path prepared) throws IOException {
        Path folder = folder(coordinate);
        Optional<Path> replaced = current(folder);
        AtomicFiles.write(folder.resolve(POINTER), (prepared.getFileName() + "\n").getBytes(StandardCharsets.US_ASCII));
        if (replaced.isPresent() && !replaced.get().equals(prepared)) {
            deleteLater(replaced.get());
        }
    }

    private void deleteLater(Path generation) {
        CompletableFuture.runAsync(() -> {
            try {
                StoreLayout.deleteFolder(generation);
            } catch (IOException e) {
                // left for the next start's clean()
            }
        }, CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void discard(Path prepared) throws IOException {
        StoreLayout.deleteFolder(prepared);
    }

    /** Removes the pointer first: a set half deleted is never served. */
    @Override
    public void remove(SlurmCoordinate coordinate) throws IOException {
        Path folder = folder(coordinate);
        Optional<Path> generation = current(folder);
        Files.deleteIfExists(folder.resolve(POINTER));
        if (generation.isPresent()) {
            StoreLayout.deleteFolder(generation.get());
        }
    }

    @Override
    public List<SlurmCoordinate> stored() throws IOException {
        List<SlurmCoordinate> stored = new ArrayList<>();
        for (Path folder : buildFolders()) {
            if (Files.exists(folder.resolve(POINTER))) {
                try {
                    stored.add(SlurmCoordinate.of(folder.getParent().getFileName().toString(),
                            folder.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    // not a build's folder
                }
            }
        }
        return stored;
    }

    @Override
    public int clean() throws IOException {
        int deleted = 0;
        for (Path folder : buildFolders()) {
            Optional<Path> current = current(folder);
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    String name = entry.getFileName().toString();
                    if (Files.isDirectory(entry) && GENERATION_NAME.matcher(name).matches()
                            && !current.map(entry::equals).orElse(false)) {
                        StoreLayout.deleteFolder(entry);
                        deleted++;
                    } else if (name.startsWith("." + POINTER) && name.endsWith(".tmp")) {
                        Files.deleteIfExists(entry); // a pointer a crash left unwritten
                    }
                }
            }
        }
        return deleted;
    }

    /** {@code builds/<series>/<classifier>} folders. */
    private List<Path> buildFolders() throws IOException {
        List<Path> folders = new ArrayList<>();
        if (Files.isDirectory(builds)) {
            try (Stream<Path> paths = Files.walk(builds, 2)) {
                paths.filter(p -> p.getNameCount() == builds.getNameCount() + 2 && Files.isDirectory(p))
                        .forEach(folders::add);
            }
        }
        return folders;
    }
}
