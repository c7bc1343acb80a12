package ai.vantage.maven.slurm.bridge;

/** Where the bridge server and the mirror report: one line per request or step (Maven's log, or the console). */
public interface BridgeLog {

    void info(String message);

    void warn(String message);
}
