package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a {@link TarballStore} keeps the files of each build (tarball, {@code .asc}, checksum files), and how a new
 * set, written complete in a folder of its own, takes the place of the one stored.
 */
interface StoreLayout {

    /** The tarball of {@code coordinate}'s current set, if there is one; its other files lie beside it. */
    Optional<Path> tarball(SlurmCoordinate coordinate) throws IOException;

    /** A new empty folder for {@code coordinate}'s next set, which nothing serves before {@link #switchTo}. */
    Path prepare(SlurmCoordinate coordinate) throws IOException;

    /** Makes the complete set in {@code prepared} {@code coordinate}'s current one. */
    void switchTo(SlurmCoordinate coordinate, Path prepared) throws IOException;

    /** Deletes a prepared set that will not be switched to. */
    void discard(Path prepared) throws IOException;

    /** Removes {@code coordinate}'s current set. */
    void remove(SlurmCoordinate coordinate) throws IOException;

    /** The builds that have a current set. */
    List<SlurmCoordinate> stored() throws IOException;

    /**
     * Deletes what a process stopped mid-way left: sets prepared but never switched to, sets replaced but not yet
     * deleted.
     *
     * @return how many sets were deleted
     */
    int clean() throws IOException;

    /** Deletes a folder of files (a set's folder holds no folders); nothing when it is absent. */
    static void deleteFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }
}
