package ai.vantage.maven.slurm.plugin;

import org.apache.maven.plugins.annotations.Parameter;

/** The goals that take the local repository's copy of a build unless told to fetch it anew ({@code slurm.refresh}). */
abstract class AbstractRefreshableMojo extends AbstractBuildMojo {

    /**
     * Fetches and verifies the build again instead of using the local repository's copy: how a series upstream
     * rebuilt under the same key is taken, explicitly.
     */
    @Parameter(property = "slurm.refresh", defaultValue = "false")
    boolean refresh;

    @Override
    boolean refresh() {
        return refresh;
    }
}
