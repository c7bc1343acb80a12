package ai.vantage.maven.slurm.available;

import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code slurm:available} found: the builds, ordered by {@link AvailableBuild#ORDER}, and notes on what could not
 * be learnt (listing turned off, site unreachable, no exact releases), one line each.
 *
 * @param builds the rows
 * @param notes one line per source that failed, for the log
 */
public record Availability(List<AvailableBuild> builds, List<String> notes) {

    public Availability {
        builds = builds.stream().sorted(AvailableBuild.ORDER).toList();
        notes = List.copyOf(notes);
    }

    /**
     * This availability with a note for each locked artifact whose probed size upstream is not the locked size: it
     * was certainly rebuilt. Equal sizes prove nothing; the lock's sha256 is checked when the artifact is fetched.
     */
    public Availability against(LockFile lock) {
        List<String> marked = new ArrayList<>(notes);
        for (AvailableBuild build : builds) {
            Optional<LockEntry> locked = lock.entry(build.coordinate());
            if (locked.isPresent() && build.size() >= 0 && build.size() != locked.get().size()) {
                marked.add("slurm.lock: " + build.coordinate() + " is locked at " + locked.get().size()
                        + " bytes, upstream has " + build.size() + ": upstream rebuilt it; run slurm:lock to accept");
            }
        }
        return new Availability(builds, marked);
    }

    /**
     * This availability with a note for each build whose copy in the Maven local repository {@code localRepository}
     * has another size than upstream's: upstream rebuilt it since it was fetched. Nothing refetches it silently.
     */
    public Availability againstLocal(Path localRepository) throws IOException {
        List<String> marked = new ArrayList<>(notes);
        for (AvailableBuild build : builds) {
            Path copy = localRepository.resolve(build.coordinate().mavenPath());
            if (build.size() >= 0 && Files.isRegularFile(copy) && Files.size(copy) != build.size()) {
                marked.add("local repository: " + build.coordinate() + " is " + Files.size(copy)
                        + " bytes, upstream has " + build.size() + ": upstream rebuilt it; -Dslurm.refresh=true "
                        + "fetches and verifies it again");
            }
        }
        return new Availability(builds, marked);
    }
}
