package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What upstream publishes ({@code slurm:available}) and pins that hold ({@code slurm:lock}), through real Maven. */
class VersionsIT extends FixtureCacheIT {

    private static final Pattern NOBLE_ROW =
            Pattern.compile("(?m)^\\[INFO\\] 25\\.11 +noble +amd64 +25\\.11\\.6 +current +\\S+ \\S+ +\\S+ \\S+ +\\S+ \\S+ +listing$");

    @BeforeAll
    static void spackMirror() throws IOException {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).slurm("25-11-6-1", Arch.ARM64)
                .write();
    }

    private static String plugin(String goal) {
        return "ai.vantage.maven:slurm-maven-plugin:" + System.getProperty("it.version") + ":" + goal;
    }

    /** A run outside any project, the cache given by URL, its key pinned and supplied as a file. */
    private static MavenRun outsideAProject(MavenVersion maven, String test, String upstream) throws IOException {
        return MavenRun.of(maven, SampleProject.copy("no-project", "versions/" + test + "/" + maven.name(), Map.of()))
                .property("slurm.upstream", upstream)
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.pgp.keys", cache.root().resolveSibling("signer.asc").toString())
                .property("slurm.retries", "0");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void availableListsWhatTheCachePublishesAsTableAndJson(MavenVersion maven) throws Exception {
        MavenResult table = outsideAProject(maven, "available-table", server.uri().toString())
                .property("slurm.toolchain", "noble").args(plugin("available")).run();

        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(NOBLE_ROW.matcher(table.log()).find(), table::toString);
        assertTrue(table.log().contains("[INFO] SERIES  TOOLCHAIN  ARCH   RELEASE"), table::toString);
        assertTrue(table.log().lines().noneMatch(l -> l.contains(" jammy ")), "-Dslurm.toolchain=noble narrows it");

        MavenResult json = outsideAProject(maven, "available-json", server.uri().toString())
                .property("slurm.output", "json").args("-q", plugin("available")).run();

        assertEquals(0, json.exitCode(), json::toString);
        JsonNode root = new ObjectMapper().readTree(json.log());
        JsonNode noble = null;
        for (JsonNode build : root.path("builds")) {
            if (build.path("artifact").asText().equals(FixtureCache.NOBLE.toString())) {
                noble = build;
            }
        }
        assertTrue(noble != null, json::toString);
        assertEquals("25.11.6", noble.path("release").asText());
        assertEquals(Files.size(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)), noble.path("size").asLong());
        assertEquals("listing", noble.path("source").asText());
        assertTrue(root.path("builds").toString().contains("\"toolchain\":\"jammy\""), "all toolchains by default");

        MavenResult unreachable = outsideAProject(maven, "available-unreachable", "http://127.0.0.1:9/")
                .property("slurm.toolchain", "noble").args(plugin("available")).run();

        assertEquals(0, unreachable.exitCode(), unreachable::toString);
        assertTrue(unreachable.log().contains("[WARNING] The cache cannot be reached ("), unreachable::toString);
        assertTrue(unreachable.log().contains("built-in"), unreachable::toString);
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void spackMirrorsWritesASignedMirrorsYamlAndThePinnedKey(MavenVersion maven) throws Exception {
        Path folder = Path.of(System.getProperty("it.work"), "versions", "spack", maven.name(), "spack");
        SampleProject.delete(folder);
        MavenResult result = outsideAProject(maven, "spack-mirrors", server.uri().toString())
                .property("slurm.spack.directory", folder.toString())
                .property("slurm.toolchain", "noble").property("slurm.version", "25.11")
                .args(plugin("spack-mirrors")).run();

        assertEquals(0, result.exitCode(), result::toString);
        List<String> yaml = Files.readAllLines(folder.resolve("mirrors.yaml"));
        assertEquals(List.of("mirrors:", "  slurm-factory-noble:", "    url: " + server.uri() + "noble/spack/",
                "    signed: true"), yaml);
        Path keyFile = folder.resolve(key.fingerprint() + ".pub");
        assertTrue(Files.readString(keyFile).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), keyFile::toString);
        assertTrue(result.log().contains("[INFO]   spack mirror add --signed slurm-factory-noble " + server.uri()
                + "noble/spack/"), result::toString);
        assertTrue(result.log().contains("[INFO]   spack gpg trust " + keyFile), result::toString);
        assertTrue(result.log().contains("Spack namespace slurm_factory"), result::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void theBomManagesTheVersionOfEveryToolchainArchClassifier(MavenVersion maven) throws Exception {
        StringBuilder dependencies = new StringBuilder();
        for (Toolchain toolchain : Toolchain.values()) {
            for (Arch arch : Arch.values()) {
                dependencies.append("    <dependency><groupId>ai.vantage</groupId><artifactId>slurm</artifactId>"
                        + "<type>tar.gz</type><classifier>" + SlurmCoordinate.classifier(toolchain, arch)
                        + "</classifier></dependency>\n");
            }
        }
        Path project = SampleProject.copy("bom-every-classifier", "versions/bom/" + maven.name(),
                Map.of("slurm.dependencies", dependencies.toString()));
        MavenResult tree = MavenRun.of(maven, project).property("slurm.repository.url", repositoryUrl())
                .property("slurm.pgp.fingerprints", key.fingerprint()).args("dependency:tree").run();

        assertEquals(0, tree.exitCode(), tree::toString);
        for (Toolchain toolchain : Toolchain.values()) {
            for (Arch arch : Arch.values()) {
                String managed = "ai.vantage:slurm:tar.gz:" + SlurmCoordinate.classifier(toolchain, arch)
                        + ":25.11:compile"; // slurm-bom's slurm.series
                assertTrue(tree.log().contains(managed), () -> managed + " missing: " + tree);
            }
        }
    }

    /** A run of {@code goal} in the deployment repository {@code project} (already copied), installing noble. */
    private static MavenRun deployment(MavenVersion maven, Path project, Path prefix, String goal) {
        return MavenRun.of(maven, project)
                .property("slurm.repository.url", repositoryUrl())
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.retryBackoff", "50")
                .property("slurm.version", "25.11").property("slurm.toolchain", "noble").property("slurm.arch", "amd64")
                .property("slurm.prefix", prefix.toString())
                .args(goal).log(goal.replace(':', '-') + ".log");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void lockPinsTheBytesUntilSlurmLockAcceptsTheRebuild(MavenVersion maven) throws Exception {
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Path project = SampleProject.copy("install-from-cache", "versions/lock/" + maven.name(), Map.of());
        Path prefix = project.resolveSibling("opt-slurm");
        SampleProject.delete(prefix);
        Path tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        String original = sha256(tarball);

        MavenResult locked = deployment(maven, project, prefix, "slurm:lock").run();
        assertEquals(0, locked.exitCode(), locked::toString);
        Path lockFile = project.resolve(LockFile.FILE_NAME);
        LockEntry entry = LockFile.read(lockFile).entry(FixtureCache.NOBLE).orElseThrow();
        assertEquals(original, entry.sha256());
        assertEquals(Files.size(tarball), entry.size());
        assertEquals(key.fingerprint(), entry.signer());
        assertEquals("25.11.6", entry.release().mavenVersion());
        MavenResult installed = deployment(maven, project, prefix, "slurm:install").run();
        assertEquals(0, installed.exitCode(), installed::toString);

        // upstream rebuilds 25.11 for noble: other bytes under the same key, signed by the same key
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).file("view/etc/rebuilt.txt", "rebuilt for " + maven + "\n"));
        String rebuilt = sha256(tarball);
        assertNotEquals(original, rebuilt);

        MavenResult available = deployment(maven, project, prefix, "slurm:available").run();
        assertEquals(0, available.exitCode(), available::toString);
        assertTrue(available.log().contains("[WARNING] slurm.lock: " + FixtureCache.NOBLE + " is locked at " + entry.size()
                + " bytes, upstream has " + Files.size(tarball)), available::toString);
        assertTrue(available.log().contains("[WARNING] local repository: " + FixtureCache.NOBLE + " is " + entry.size()
                + " bytes, upstream has " + Files.size(tarball)), available::toString);

        MavenResult verified = deployment(maven, project, prefix, "slurm:verify").property("slurm.refresh", "true")
                .log("verify-refresh.log").run();
        assertNotEquals(0, verified.exitCode(), verified::toString);
        assertTrue(verified.log().contains("upstream rebuilt 25.11 for noble: locked sha256 " + original + ", got "
                + rebuilt + "; run slurm:lock to accept"), verified::toString);

        MavenResult refused = deployment(maven, project, prefix, "slurm:install")
                .property("slurm.refresh", "true").log("install-refresh.log").run();
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.log().contains("Refreshing " + FixtureCache.NOBLE + ": fetching and verifying it again"),
                refused::toString);
        assertTrue(refused.log().contains("upstream rebuilt 25.11 for noble: locked sha256 " + original + ", got "
                + rebuilt + "; run slurm:lock to accept"), refused::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"), "the old release stays");
        assertTrue(Files.notExists(prefix.resolve("view/etc/rebuilt.txt")), "nothing was switched");

        MavenResult relocked = deployment(maven, project, prefix, "slurm:lock").log("relock.log").run();
        assertEquals(0, relocked.exitCode(), relocked::toString);
        assertEquals(rebuilt, LockFile.read(lockFile).entry(FixtureCache.NOBLE).orElseThrow().sha256());
        MavenResult accepted = deployment(maven, project, prefix, "slurm:install").log("install-accepted.log").run();
        assertEquals(0, accepted.exitCode(), accepted::toString);
        assertTrue(Files.isRegularFile(prefix.resolve("view/etc/rebuilt.txt")), accepted::toString);
    }
}
