package ai.vantage.maven.slurm.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The releases under an installation prefix, kept so that {@code <prefix>/view} is always a whole release, never
 * half of one:
 *
 * <pre>
 * &lt;prefix&gt;/view                  → releases/&lt;id&gt;/view (a symbolic link, switched in one rename)
 * &lt;prefix&gt;/releases/&lt;id&gt;/view   the unpacked trees; ids sort by install time
 * &lt;prefix&gt;/.staging-&lt;random&gt;/    where a tree is unpacked first (removed by the next run if left behind)
 * &lt;prefix&gt;/.slurm-install.lock    held while installing, so concurrent installs run one after another
 * </pre>
 *
 * A failure or a kill at any moment leaves the previous release in place. A real directory found at
 * {@code <prefix>/view} (a manual install) is moved to {@code releases/<time>-manual} first.
 */
public final class ReleaseDirectory {

    private static final String STAGING_PREFIX = ".staging-";
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path prefix;
    private final int keepReleases;
    private final Consumer<String> log;

    /**
     * @param prefix the installation prefix (e.g. {@code /opt/slurm})
     * @param keepReleases how many releases to keep besides the current one
     * @param log told of each step
     */
    public ReleaseDirectory(Path prefix, int keepReleases, Consumer<String> log) {
        this.prefix = prefix.toAbsolutePath().normalize();
        this.keepReleases = keepReleases;
        this.log = log;
    }

    /**
     * Unpacks a tree into a staging folder, which holds {@code view/} afterwards; throwing (an {@link IOException}
     * or its own {@code E}) deletes the staging folder and switches nothing.
     */
    @FunctionalInterface
    public interface Unpacker<E extends Exception> {
        void unpack(Path staging) throws IOException, E;
    }

    /** Work done while holding the prefix's lock, which may fail with its own exception {@code E}. */
    @FunctionalInterface
    public interface Locked<T, E extends Exception> {
        T run() throws IOException, E;
    }

    public Path prefix() {
        return prefix;
    }

    /** The tree users see: {@code <prefix>/view}. */
    public Path view() {
        return prefix.resolve("view");
    }

    /**
     * Runs {@code work} holding {@code <prefix>/.slurm-install.lock}; another process installing into the same prefix
     * waits until it is done.
     */
    public <T, E extends Exception> T locked(Locked<T, E> work) throws IOException, E {
        Files.createDirectories(prefix);
        // A file lock keeps other processes out; within this JVM (parallel builds) a monitor per prefix does.
        synchronized (IN_PROCESS.computeIfAbsent(prefix, p -> new Object())) {
            try (FileChannel channel = FileChannel.open(prefix.resolve(".slurm-install.lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return work.run();
            }
        }
    }

    /**
     * Unpacks a new release and switches {@code <prefix>/view} to it. Call it under {@link #locked}.
     *
     * @param name a readable part of the release id, e.g. {@code 25.11-noble}
     * @return the new release's id
     */
    public <E extends Exception> String install(String name, Unpacker<E> unpacker) throws IOException, E {
        removeStagingLeftovers();
        Path staging = prefix.resolve(STAGING_PREFIX + UUID.randomUUID());
        Files.createDirectories(staging);
        try {
            unpacker.unpack(staging);
            if (!Files.isDirectory(staging.resolve("view"), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("The tree has no top-level view/ folder, as every Slurm Factory tarball has");
            }
            String id = newId(name);
            Path release = releases().resolve(id);
            Files.createDirectories(release.getParent());
            adoptManualInstall();
            Files.move(staging, release, StandardCopyOption.ATOMIC_MOVE);
            switchTo(id);
            log.accept("Switched " + view() + " to release " + id);
            prune(id);
            return id;
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                delete(staging);
            }
        }
    }

    /** The release {@code <prefix>/view} points at, if any. */
    public Optional<String> current() throws IOException {
        Path view = view();
        if (!Files.isSymbolicLink(view)) {
            return Optional.empty();
        }
        Path target = Files.readSymbolicLink(view);
        return target.getNameCount() >= 2 ? Optional.of(target.getName(target.getNameCount() - 2).toString())
                : Optional.empty();
    }

    /** The releases kept, oldest first. */
    public List<String> releaseIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (Files.isDirectory(releases())) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(releases())) {
                children.forEach(child -> ids.add(child.getFileName().toString()));
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Switches {@code <prefix>/view} back to the release before the current one. Call it under {@link #locked}.
     *
     * @return the release switched to
     */
    public String rollback() throws IOException {
        List<String> ids = releaseIds();
        String current = current().orElseThrow(() -> new IOException(view() + " is not managed by slurm:install; "
                + "there is nothing to roll back to"));
        int index = ids.indexOf(current);
        if (index <= 0) {
            throw new IOException("No release before " + current + " is kept under " + releases()
                    + " (releases: " + ids + "); set slurm.keepReleases to keep more");
        }
        String previous = ids.get(index - 1);
        switchTo(previous);
        log.accept("Switched " + view() + " back to release " + previous);
        return previous;
    }

    private Path releases() {
        return prefix.resolve("releases");
    }

    private String newId(String name) {
        String base = ID_TIME.format(Instant.now()) + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_");
        String id = base;
        for (int n = 2; Files.exists(releases().resolve(id), LinkOption.NOFOLLOW_LINKS); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private void switchTo(String id) throws IOException {
        Path link = prefix.resolve(".view-" + UUID.randomUUID());
        Files.createSymbolicLink(link, prefix.getFileSystem().getPath("releases", id, "view"));
        try {
            Files.move(link, view(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(link);
            throw new IOException("The file system of " + prefix + " cannot replace " + view() + " atomically", e);
        } finally {
            Files.deleteIfExists(link);
        }
    }

    private void adoptManualInstall() throws IOException {
        Path view = view();
        if (Files.isDirectory(view, LinkOption.NOFOLLOW_LINKS)) {
            Path manual = releases().resolve(ID_TIME.format(Instant.EPOCH) + "-manual-" + ID_TIME.format(Instant.now()));
            Files.createDirectories(manual);
            Files.move(view, manual.resolve("view"), StandardCopyOption.ATOMIC_MOVE);
            switchTo(manual.getFileName().toString());
            log.accept("Kept the manual install found at " + view + " as release " + manual.getFileName());
        }
    }

    private void prune(String current) throws IOException {
        List<String> older = new ArrayList<>(releaseIds());
        older.remove(current);
        while (older.size() > keepReleases) {
            String oldest = older.remove(0);
            delete(releases().resolve(oldest));
            log.accept("Removed old release " + oldest);
        }
    }

    private void removeStagingLeftovers() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(prefix, STAGING_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                log.accept("Removing " + leftover + ", left by an interrupted install");
                delete(leftover);
            }
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(prefix, ".view-*")) {
            for (Path link : links) {
                Files.deleteIfExists(link);
            }
        }
    }

    /** Deletes a tree without following its symbolic links. */
    static void delete(Path tree) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.toFile().setWritable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
