package ai.vantage.maven.slurm.available;

import java.util.List;

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
}
