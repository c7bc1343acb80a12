package ai.vantage.maven.slurm.it;

import java.nio.file.Path;

/**
 * What a {@link MavenRun} left: its exit code, its log, and the local repository it used.
 *
 * @param exitCode Maven's exit code
 * @param log the whole log
 * @param logFile where the log is kept
 * @param localRepository the run's local repository
 */
public record MavenResult(int exitCode, String log, Path logFile, Path localRepository) {

    /** The file of {@code ai.vantage:slurm:<series>:tar.gz:<classifier>} in the local repository. */
    public Path slurmTarball(String series, String classifier) {
        return localRepository.resolve("ai/vantage/slurm/" + series + "/slurm-" + series + "-" + classifier + ".tar.gz");
    }

    @Override
    public String toString() {
        return "Maven exited " + exitCode + "; log " + logFile + ":\n" + log;
    }
}
