package ai.vantage.maven.slurm.it;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class-data sharing for the ITs' Maven runs, which are mostly Maven's start: the first run of a Maven installation
 * in a test JVM writes an archive of the classes it loaded as it exits; later runs of that installation, in any test
 * JVM, map that archive instead of loading, parsing and verifying those classes again (about 13 % less CPU per run).
 * The JVM's {@code cds} logging is off, so no run's log shows the archive, nor that the JVM could not use one.
 */
final class ClassDataSharing {

    /** The installations this JVM has had a run write an archive for. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private final Path archive;
    private final Optional<Path> writing;

    private ClassDataSharing(Path archive, Optional<Path> writing) {
        this.archive = archive;
        this.writing = writing;
    }

    /**
     * Sharing for one run of the Maven installed at {@code mavenHome}, archives kept in {@code folder}; with
     * {@code mayWrite} a run that finds no archive writes one (a run the test stops midway must not).
     */
    static ClassDataSharing of(Path mavenHome, Path folder, boolean mayWrite) throws IOException {
        Path archive = Files.createDirectories(folder).resolve(mavenHome.getFileName() + ".jsa");
        boolean write = mayWrite && !Files.exists(archive) && WRITING.add(mavenHome);
        return new ClassDataSharing(archive, write
                ? Optional.of(folder.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp"))
                : Optional.empty());
    }

    /** The JVM options of the run: map the archive, or write it at exit. */
    String jvmOptions() {
        return "-Xlog:cds*=off " + writing.map(path -> "-XX:ArchiveClassesAtExit=" + path)
                .orElseGet(() -> Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "");
    }

    /** Once the run exited: puts the archive it wrote in place, unless another JVM's is there already. */
    void finish() throws IOException {
        if (writing.isPresent() && Files.exists(writing.get())) {
            try {
                Files.move(writing.get(), archive, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.delete(writing.get());
            }
        }
    }
}
