package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.lock.LockFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code slurm.lock} through every resolution path, in real Maven 3.9 and 4.0: once {@code slurm:lock} recorded 25.11
 * for noble, the fixture cache rebuilds it under the same key (other bytes, signed by the same key), and a plain
 * {@code dependency:resolve} fails with "upstream rebuilt …; run slurm:lock to accept" through the slurm transport
 * (nothing lands in the local repository), from the local repository, and through the bridge server as a plain
 * repository, until {@code slurm:lock} accepts the rebuild. Without the extension, Maven Resolver's own trusted
 * checksums refuse it, from the summary file {@code slurm:lock} writes.
 */
class LockIT extends FixtureCacheIT {

    private static final String LOCK =
            "ai.vantage.maven:slurm-maven-plugin:" + System.getProperty("it.version") + ":lock";
    private static final String SUMMARY_LINE = "  ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz\n";

    private static BridgeJar bridge;

    @BeforeAll
    static void startBridge() throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "lock-bridge");
        SampleProject.delete(work);
        bridge = BridgeJar.start(work.resolve("bridge.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString(), "--recheck-after", "0");
    }

    @AfterAll
    static void stopBridge() throws InterruptedException {
        if (bridge != null) {
            bridge.close();
        }
    }

    /**
     * One scenario: a copy of a sample project resolving 25.11:noble from {@code url}, trusting the fixture key.
     *
     * @param lockGoal how it runs {@code slurm:lock}
     */
    private record Scenario(MavenVersion maven, Path project, String url, String lockGoal) {

        static Scenario of(MavenVersion maven, String project, String test, String url, String lockGoal)
                throws IOException {
            return new Scenario(maven, SampleProject.copy(project, "lock/" + test + "/" + maven.name().toLowerCase(),
                    Map.of()), url, lockGoal);
        }

        MavenRun run(String log, String... args) {
            return trusting(MavenRun.of(maven, project)).property("slurm.repository.url", url)
                    .property("slurm.series", "25.11").property("slurm.classifier", "noble").args(args).log(log);
        }

        MavenResult succeeds(String log, String... args) throws Exception {
            MavenResult result = run(log, args).run();
            assertEquals(0, result.exitCode(), result::toString);
            return result;
        }

        /** A resolution that fails with the lock's message for {@code rebuilt}. */
        MavenResult refusedByTheLock(String log, Rebuilt rebuilt) throws Exception {
            MavenResult result = run(log, "dependency:resolve").run();
            assertNotEquals(0, result.exitCode(), result::toString);
            assertTrue(result.log().contains("upstream rebuilt 25.11 for noble: locked sha256 " + rebuilt.original()
                    + ", got " + rebuilt.rebuilt() + "; run slurm:lock to accept"), result::toString);
            return result;
        }

        String locked() throws IOException {
            return LockFile.read(project.resolve(LockFile.FILE_NAME)).entry(FixtureCache.NOBLE).orElseThrow().sha256();
        }

        /**
         * {@code slurm:lock} records the cache's 25.11 for noble, then upstream rebuilds it (other bytes under the same
         * key, signed by the same key) and the local repository's copy is removed, as on a fresh CI runner.
         */
        Rebuilt lockThenRebuild() throws Exception {
            String original = publish(FixtureTarball.of(FixtureCache.NOBLE));
            MavenResult locked = succeeds("lock.log", lockGoal);
            assertEquals(original, locked());
            String rebuilt = publish(FixtureTarball.of(FixtureCache.NOBLE).file("view/etc/rebuilt.txt",
                    "rebuilt for " + project + "\n"));
            Path tarball = locked.slurmTarball("25.11", "noble");
            Files.delete(tarball);
            Files.delete(FixtureCache.signaturePath(tarball));
            return new Rebuilt(original, rebuilt, locked);
        }

        /** {@code slurm:lock} accepts the rebuild, and the resolution passes again with its bytes. */
        void accept(Rebuilt upstream) throws Exception {
            succeeds("relock.log", lockGoal);
            assertEquals(upstream.rebuilt(), locked());
            MavenResult accepted = succeeds("resolve-accepted.log", "dependency:resolve");
            assertEquals(upstream.rebuilt(), sha256(accepted.slurmTarball("25.11", "noble")));
        }
    }

    /** Where a scenario stands after {@link Scenario#lockThenRebuild}: the locked and the rebuilt SHA-256. */
    private record Rebuilt(String original, String rebuilt, MavenResult locked) {}

    /** The fixture's 25.11 for noble signed anew; returns its SHA-256. */
    private static String publish(FixtureTarball tarball) throws IOException {
        return sha256(cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, tarball));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void theSlurmTransportAndThePostProcessorRefuseRebuiltBytesUntilSlurmLockAcceptsThem(MavenVersion maven)
            throws Exception {
        Scenario scenario = Scenario.of(maven, "resolve-from-cache", "transport", repositoryUrl(), LOCK);
        Rebuilt upstream = scenario.lockThenRebuild();

        Path local = scenario.refusedByTheLock("resolve-refused.log", upstream).slurmTarball("25.11", "noble");
        assertFalse(Files.exists(local), "a refused tarball never lands");

        // another build or a local user puts the rebuilt (genuinely signed) bytes into the local repository
        Path rebuilt = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Files.copy(rebuilt, local);
        Files.copy(FixtureCache.signaturePath(rebuilt), FixtureCache.signaturePath(local));
        MavenResult fromLocal = scenario.refusedByTheLock("resolve-local.log", upstream);
        assertFalse(fromLocal.log().contains("Verified " + FixtureCache.NOBLE + ": signed by " + key.fingerprint()),
                "refused before it is reported verified: " + fromLocal);

        scenario.accept(upstream);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void throughTheBridgeServerThePostProcessorRefusesRebuiltBytesUntilSlurmLockAcceptsThem(MavenVersion maven)
            throws Exception {
        Scenario scenario = Scenario.of(maven, "resolve-through-plain-repository", "bridge", bridge.uri().toString(),
                LOCK);
        Rebuilt upstream = scenario.lockThenRebuild();

        scenario.refusedByTheLock("resolve-refused.log", upstream);
        assertTrue(bridge.log().contains("was rebuilt in the cache"), bridge::log);

        scenario.accept(upstream);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void slurmLockWritesTheTrustedChecksumsResolverItselfRefusesRebuiltBytesWith(MavenVersion maven)
            throws Exception {
        Scenario scenario = Scenario.of(maven, "bridge-without-extension", "trusted-checksums",
                bridge.uri().toString(), "slurm:lock");
        Files.createDirectories(scenario.project().resolve(".mvn"));
        Files.writeString(scenario.project().resolve(".mvn/maven.config"), documentedMavenConfig());
        Path summary = scenario.project().resolve(".mvn/checksums/checksums.sha256");
        Rebuilt upstream = scenario.lockThenRebuild();

        assertTrue(upstream.locked().log().contains("[INFO] Wrote the lock's SHA-256 lines into " + summary
                + " (Maven Resolver's trusted checksums)"), upstream.locked()::toString);
        assertFalse(upstream.locked().log().contains("Maven Resolver does not check those lines"),
                upstream.locked()::toString);
        assertEquals(upstream.original() + SUMMARY_LINE, Files.readString(summary));

        MavenResult refused = scenario.run("resolve-refused.log", "dependency:resolve").run();
        assertNotEquals(0, refused.exitCode(), refused::toString);
        String resolversMessage = maven == MavenVersion.MAVEN_3
                ? "trusted checksum mismatch: summaryFile=" + upstream.original() + "; calculated=" + upstream.rebuilt()
                : "expected '" + upstream.original() + "' (PROVIDED) but is actually '" + upstream.rebuilt()
                        + "' (Trusted Checksums Source: summaryFile)";
        assertTrue(refused.log().contains(resolversMessage), refused::toString);

        scenario.accept(upstream);
        assertEquals(upstream.rebuilt() + SUMMARY_LINE, Files.readString(summary));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anInstalledBuildIsNoLongerInstalledOnceTheLockNamesTheRebuildWhichIsThenInstalled(MavenVersion maven)
            throws Exception {
        Path project = SampleProject.copy("install-from-cache", "lock/install/" + maven.name().toLowerCase(), Map.of());
        Path prefix = project.resolveSibling("opt-slurm");
        Path team = project.resolveSibling("team-repo"); // where the team runs slurm:lock: not the node's repository
        SampleProject.delete(prefix);
        SampleProject.delete(team);
        String a = publish(FixtureTarball.of(FixtureCache.NOBLE));
        assertEquals(0, node(maven, project, prefix, "lock-a.log", LOCK).localRepository(team).run().exitCode());
        MavenResult installedA = node(maven, project, prefix, "install-a.log", "slurm:install").run();
        assertEquals(0, installedA.exitCode(), installedA::toString);
        assertEquals(a, receiptSha256(prefix));

        String b = publish(FixtureTarball.of(FixtureCache.NOBLE).file("view/etc/rebuilt.txt", "rebuilt\n"));
        MavenResult relocked = node(maven, project, prefix, "lock-b.log", LOCK).localRepository(team).run();
        assertEquals(0, relocked.exitCode(), relocked::toString);
        assertEquals(a, sha256(installedA.slurmTarball("25.11", "noble")), "the node's repository still holds A");
        MavenResult installedB = node(maven, project, prefix, "install-b.log", "slurm:install").run();

        assertEquals(0, installedB.exitCode(), installedB::toString);
        assertTrue(installedB.log().contains("the lock now names sha256 " + b + ", the installed build is sha256 " + a),
                installedB::toString);
        assertFalse(installedB.log().contains("nothing to do"), installedB::toString);
        assertEquals(b, receiptSha256(prefix));
        assertEquals("rebuilt\n", Files.readString(prefix.resolve("view/etc/rebuilt.txt")));
        assertEquals(b, sha256(installedB.slurmTarball("25.11", "noble")));
        MavenResult again = node(maven, project, prefix, "install-again.log", "slurm:install").run();
        assertTrue(again.exitCode() == 0 && again.log().contains("nothing to do"), again::toString);
    }

    /** A run on the node: the deployment repository {@code project} installing 25.11 for noble under {@code prefix}. */
    private static MavenRun node(MavenVersion maven, Path project, Path prefix, String log, String goal) {
        return trusting(MavenRun.of(maven, project)).property("slurm.repository.url", repositoryUrl())
                .property("slurm.version", "25.11").property("slurm.toolchain", "noble")
                .property("slurm.arch", "amd64").property("slurm.prefix", prefix.toString()).args(goal).log(log);
    }

    private static String receiptSha256(Path prefix) throws IOException {
        return new ObjectMapper().readTree(prefix.resolve(".slurm-install.json").toFile()).get("sha256").asText();
    }

    /** The {@code .mvn/maven.config} docs/versions.md shows for resolver's trusted checksums. */
    private static String documentedMavenConfig() throws IOException {
        String page = Files.readString(Path.of(System.getProperty("it.docs"), "versions.md"));
        Matcher block = Pattern.compile("`LockIT` runs exactly these lines\\):\n\n```\n(-Daether\\..*?)```",
                Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "docs/versions.md shows no .mvn/maven.config for trusted checksums");
        return block.group(1);
    }
}
