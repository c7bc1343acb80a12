package ai.vantage.maven.slurm.install;

import java.io.IOException;

/** An archive entry that would write outside the destination, or that a Slurm tree never has. */
public final class UnsafeArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String entry, String rule) {
        super("Refusing archive entry '" + entry + "': " + rule);
    }
}
