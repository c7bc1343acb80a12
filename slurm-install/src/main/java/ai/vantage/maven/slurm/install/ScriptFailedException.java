package ai.vantage.maven.slurm.install;

import java.io.IOException;
import java.util.List;

/** An install script that exited non-zero or ran out of time, with the last lines it printed. */
public final class ScriptFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ScriptFailedException(String script, String outcome, int exitCode, List<String> lastLines) {
        super("The install script " + script + " " + outcome + ". Its last lines:\n  "
                + String.join("\n  ", lastLines));
        this.exitCode = exitCode;
    }

    /** The exit code, or -1 after a timeout. */
    public int exitCode() {
        return exitCode;
    }
}
