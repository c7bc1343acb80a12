package ai.vantage.maven.slurm.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code <prefix>/slurm-env.sh}, a POSIX shell snippet that makes an installed tree usable from any prefix:
 * {@code . <prefix>/slurm-env.sh} puts Slurm on PATH, or {@code module load slurm} through Lmod.
 */
public final class EnvScriptWriter {

    /** The file name under the prefix. */
    public static final String FILE = "slurm-env.sh";

    private EnvScriptWriter() {}

    /** Writes the snippet for the tree at {@code <prefix>/view}; returns its path. */
    public static Path write(Path prefix) throws IOException {
        Path view = prefix.toAbsolutePath().normalize().resolve("view");
        String script = "# Slurm from " + view + " (written by slurm:env). Source it: . " + prefix.resolve(FILE) + "\n"
                + "SLURM_INSTALL_PREFIX='" + view + "'\n"
                + "export SLURM_INSTALL_PREFIX\n"
                + prepend("PATH", view.resolve("sbin"))
                + prepend("PATH", view.resolve("bin"))
                + prepend("LD_LIBRARY_PATH", view.resolve("lib"))
                + prepend("MODULEPATH", view.resolve("assets/modules"));
        Path file = prefix.resolve(FILE);
        Files.createDirectories(prefix);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    private static String prepend(String variable, Path path) {
        return "case \":${" + variable + ":-}:\" in\n"
                + "  *\":" + path + ":\"*) ;;\n"
                + "  *) " + variable + "='" + path + "'${" + variable + ":+:$" + variable + "} ;;\n"
                + "esac\n"
                + "export " + variable + "\n";
    }
}
