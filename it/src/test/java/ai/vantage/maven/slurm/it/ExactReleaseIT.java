package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact Slurm releases as Maven versions ({@code -Dslurm.version=25.11.6}) through real Maven: resolved through the
 * slurm transport while the signed Spack mirror says upstream holds that release and the tarball's module file shows
 * it, refused once it has moved on, and with no Spack index refused whenever the module file shows another release.
 */
class ExactReleaseIT extends FixtureCacheIT {

    private static final String MOVED =
            "25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6)";

    /** A {@code slurm:install} of {@code version} for noble amd64 into {@code prefix}, in {@code project}. */
    private static MavenRun install(MavenVersion maven, Path project, Path prefix, String version, String log) {
        return MavenRun.of(maven, project)
                .property("slurm.repository.url", repositoryUrl())
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.retryBackoff", "50")
                .property("slurm.version", version).property("slurm.toolchain", "noble").property("slurm.arch", "amd64")
                .property("slurm.prefix", prefix.toString())
                .args("slurm:install").log(log);
    }


    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anExactReleaseInstallsWhileUpstreamHoldsItAndIsRefusedOnceTheSeriesMovesOn(MavenVersion maven)
            throws Exception {
        upstreamHolds("6");
        Path project = SampleProject.copy("install-from-cache", "exact/moves-on/" + maven.name(), Map.of());
        Path prefix = project.resolveSibling("opt-slurm");
        SampleProject.delete(prefix);

        MavenResult installed = install(maven, project, prefix, "25.11.6", "install-25.11.6.log").run();
        assertEquals(0, installed.exitCode(), installed::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        Path resolved = project.resolveSibling(project.getFileName() + "-repo")
                .resolve("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble.tar.gz");
        assertTrue(Files.isRegularFile(resolved), "resolved by its exact version: " + resolved);

        upstreamHolds("7");
        Path otherMachine = project.resolveSibling("other-machine-repo");
        SampleProject.delete(otherMachine);
        MavenResult moved = install(maven, project, prefix, "25.11.6", "install-moved.log")
                .localRepository(otherMachine).run();
        assertNotEquals(0, moved.exitCode(), moved::toString);
        assertTrue(moved.log().contains(MOVED), moved::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"), "the install stays");

        MavenResult pinned = install(maven, project, prefix, "25.11.7", "install-25.11.7.log")
                .localRepository(otherMachine).run();
        assertEquals(0, pinned.exitCode(), pinned::toString);
        assertEquals("slurm 25.11.7", run(prefix.resolve("view/bin/sinfo"), "--version"));
    }

    /**
     * With no Spack index upstream, the transport cannot tell before the download which release the series key holds:
     * the bytes' own module file decides, so 25.11.6 never resolves to the bytes of 25.11.7, and 25.11.7 installs.
     */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void withNoSpackIndexTheTransportNeverResolvesTheBytesOfAnotherRelease(MavenVersion maven) throws Exception {
        upstreamHolds("7");
        Files.delete(cache.root().resolve(CacheLayout.spackMirror(Toolchain.NOBLE))
                .resolve("v3/manifests/index/index.manifest.json"));
        Path project = SampleProject.copy("install-from-cache", "exact/no-index/" + maven.name(), Map.of());
        Path prefix = project.resolveSibling("opt-slurm");
        SampleProject.delete(prefix);

        MavenResult refused = install(maven, project, prefix, "25.11.6", "install-25.11.6.log").run();

        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.log().contains(MOVED + ": the signed tarball is Slurm 25.11.7 (its module file "
                + "view/assets/modules/slurm/25-11-7-1.lua says so)"), refused::toString);
        Path repository = project.resolveSibling(project.getFileName() + "-repo");
        assertTrue(Files.notExists(repository.resolve("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble.tar.gz")),
                "no byte of 25.11.7 reached the local repository as 25.11.6");
        assertTrue(Files.notExists(prefix.resolve("view")), "nothing was switched");

        MavenResult seven = install(maven, project, prefix, "25.11.7", "install-25.11.7.log").run();
        assertEquals(0, seven.exitCode(), seven::toString);
        assertEquals("slurm 25.11.7", run(prefix.resolve("view/bin/sinfo"), "--version"));
    }
}
