package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code mvn slurm:install} through real Maven 3.9 and 4.0, from the fixture cache into a prefix of the test's own. */
class InstallIT extends FixtureCacheIT {

    private static final SlurmCoordinate HOSTILE = new SlurmCoordinate("25.11", Toolchain.RESOLUTE, Arch.AMD64);
    private static final SlurmCoordinate LINKS_OUT = new SlurmCoordinate("25.11", Toolchain.ROCKYLINUX10, Arch.AMD64);
    private static final SlurmCoordinate LARGE = new SlurmCoordinate("25.11", Toolchain.ROCKYLINUX9, Arch.AMD64);
    private static final int CONCURRENT_INSTALLS = 8;

    @BeforeAll
    static void moreBuilds() throws IOException {
        cache.put(HOSTILE, CacheLayout.CURRENT, FixtureTarball.of(HOSTILE).file("view/../../../escaped.txt", "owned"));
        // each 'u' climbs one level once all three exist; 'out', checked when unpacked, still read as inside then
        cache.put(LINKS_OUT, CacheLayout.CURRENT, FixtureTarball.of(LINKS_OUT)
                .symlink("view/x/y/out", "u/u/u/../../../../../escaped-through-links")
                .symlink("view/x/y/u", "..").symlink("view/x/u", "..").symlink("view/u", ".."));
        cache.put(LARGE, CacheLayout.CURRENT, FixtureTarball.of(LARGE).padding(160L << 20));
    }

    /** A deployment repository run for {@code coordinate} and {@code prefix}, with no goal yet. */
    private static MavenRun deployment(MavenVersion maven, String test, SlurmCoordinate coordinate, Path prefix)
            throws IOException {
        return maven(maven, "install-from-cache", test)
                .property("slurm.version", coordinate.series())
                .property("slurm.toolchain", coordinate.toolchain().id())
                .property("slurm.arch", coordinate.arch().id())
                .property("slurm.prefix", prefix.toString());
    }

    private static MavenRun install(MavenVersion maven, String test, SlurmCoordinate coordinate, Path prefix)
            throws IOException {
        return deployment(maven, test, coordinate, prefix).args("slurm:install");
    }

    private static Path prefix(String test, MavenVersion maven) throws IOException {
        Path prefix = Path.of(System.getProperty("it.work"), test, maven.name().toLowerCase(), "opt-slurm");
        SampleProject.delete(prefix);
        Files.createDirectories(prefix.getParent());
        return prefix;
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void installsTheCurrentGenerationAndTheInstalledSinfoRuns(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-current", maven);
        MavenRun install = install(maven, "install-current", FixtureCache.NOBLE, prefix);
        MavenResult result = install.run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Verified " + FixtureCache.NOBLE + ": signed by " + key.fingerprint()),
                result::toString);
        assertTrue(result.log().lines().anyMatch(l -> l.contains("Unpacked ") && l.endsWith(" as it downloaded")),
                () -> "the transport's bytes were unpacked as they arrived: " + result);
        assertTrue(result.log().contains("The tree carries no install script"), result::toString);
        assertTrue(Files.isSymbolicLink(prefix.resolve("view")));
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        Path served = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        assertTrue(Files.readString(prefix.resolve(".slurm-install.json")).contains(
                "\"sha256\" : \"" + Checksums.of(Files.readAllBytes(served)).get("sha256") + "\""),
                "the receipt records the SHA-256 of the bytes installed");
        assertEquals(Files.getAttribute(prefix.resolve("view/lib/slurm/gpu_nvml.so"), "unix:ino"),
                Files.getAttribute(prefix.resolve("view/lib/slurm/gpu_rsmi.so"), "unix:ino"), "hard links stay hard links");

        server.clearRequests();
        MavenResult again = install.log("again.log").run();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.log().contains("is already installed"), again::toString);
        assertEquals(List.of(), server.requests(), "a no-op install makes no upstream request");

        // the documented answer to a compromised key: pin its replacement; the receipt of the old signer no longer counts
        MavenResult repinned = install.property("slurm.pgp.fingerprints", "FDEA90667641505264EFD114DFB92630BCA5AB71")
                .log("repinned.log").run();
        assertNotEquals(0, repinned.exitCode(), repinned::toString);
        assertTrue(repinned.log().contains("its signer " + key.fingerprint() + " is no longer pinned"), repinned::toString);
        assertFalse(repinned.log().contains("is already installed"), repinned::toString);
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void runsThePreviousGenerationsInstallScriptAfterTheSwitch(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-previous", maven);
        Path record = prefix.resolveSibling("script-record.txt");
        Files.deleteIfExists(record);
        MavenResult result = install(maven, "install-previous", FixtureCache.JAMMY_PREVIOUS, prefix)
                .env(FixtureTarball.RECORD_ENV, record.toString()).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("[script] slurm_install.sh: installing Slurm 24.11.0 with: --full-init"),
                result::toString);
        List<String> lines = Files.readAllLines(record);
        assertEquals(List.of("args=--full-init", "SLURM_INSTALL_PREFIX=" + prefix.resolve("view"), "PWD=" + prefix),
                lines);
        assertEquals("slurm 24.11.0", run(prefix.resolve("view/bin/sinfo"), "--version"));
        assertTrue(Files.readString(prefix.resolve(".slurm-install.json")).contains("\"exitCode\" : 0"));
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void failingScriptFailsTheBuildAndKeepsTheTree(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-script-fails", maven);
        MavenResult result = install(maven, "install-script-fails", FixtureCache.JAMMY_PREVIOUS, prefix)
                .env(FixtureTarball.EXIT_ENV, "3").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("exited with code 3"), result::toString);
        assertTrue(result.log().contains("slurm_install.sh: done"), "the message carries the last lines");
        assertEquals("slurm 24.11.0", run(prefix.resolve("view/bin/sinfo"), "--version"));
        assertTrue(Files.readString(prefix.resolve(".slurm-install.json")).contains("\"exitCode\" : 3"));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void usesTheSeriesTheBomManages(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-bom", maven);
        MavenResult result = maven(maven, "install-with-bom", "install-bom")
                .property("slurm.toolchain", "noble")
                .property("slurm.prefix", prefix.toString())
                .args("install").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Installing " + FixtureCache.NOBLE), result::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        String env = Files.readString(prefix.resolve("slurm-env.sh"));
        assertTrue(env.contains(prefix.resolve("view/assets/modules").toString()), env);
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void hostileTarballFailsAndWritesNothingOutsideThePrefix(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-hostile", maven);
        assertEquals(0, install(maven, "install-hostile", FixtureCache.NOBLE, prefix).log("first.log").run().exitCode());
        String before = Files.readSymbolicLink(prefix.resolve("view")).toString();

        MavenResult result = install(maven, "install-hostile", HOSTILE, prefix).run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing archive entry 'view/../../../escaped.txt'"), result::toString);
        try (Stream<Path> files = Files.walk(prefix.getParent().getParent())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("escaped.txt")));
        }
        assertEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString(), "the previous release stays");
        assertEquals(List.of(), staging(prefix), "no staging leftovers after a refusal");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void signedTarballWithALinkLeadingOutThroughLaterLinksIsRefusedBeforeTheSwitch(MavenVersion maven)
            throws Exception {
        Path prefix = prefix("install-links-out", maven);
        assertEquals(0, install(maven, "install-links-out", FixtureCache.NOBLE, prefix).log("first.log").run()
                .exitCode());
        String before = Files.readSymbolicLink(prefix.resolve("view")).toString();

        MavenResult result = install(maven, "install-links-out", LINKS_OUT, prefix).run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing archive entry 'view/x/y/out'")
                && result.log().contains("through the links the tree holds"), result::toString);
        assertEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString(), "nothing was switched");
        assertEquals(List.of(), staging(prefix), "no staging leftovers after a refusal");
        try (Stream<Path> files = Files.walk(prefix)) {
            assertFalse(files.anyMatch(p -> p.endsWith("x/y/out")), "the link is in no release");
        }
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void killedMidUnpackLeavesThePreviousReleaseAndARerunSucceeds(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-killed", maven);
        assertEquals(0, install(maven, "install-killed", FixtureCache.NOBLE, prefix).log("first.log").run().exitCode());
        String before = Files.readSymbolicLink(prefix.resolve("view")).toString();

        MavenRun large = install(maven, "install-killed", LARGE, prefix).log("killed.log");
        Process process = large.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive() && !unpacking(prefix)) {
            Thread.sleep(20);
        }
        assertTrue(unpacking(prefix), "the install should have been caught unpacking");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();

        assertEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString());
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));

        MavenResult rerun = install(maven, "install-killed", LARGE, prefix).log("rerun.log").run();
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.log().contains("left by an interrupted install"), rerun::toString);
        assertNotEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString());
        assertEquals(List.of(), staging(prefix));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void concurrentInstallsFromOneColdLocalRepositoryAllSucceedAndUnpackOnce(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-concurrent", maven);
        Path localRepository = prefix.resolveSibling("shared-repo");
        SampleProject.delete(localRepository);
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_INSTALLS; i++) {
            Path project = SampleProject.copy("install-from-cache", "install-concurrent/" + maven.name().toLowerCase()
                    + "/" + i, Map.of());
            logs.add(project.resolve("build.log"));
            processes.add(MavenRun.of(maven, project)
                    .localRepository(localRepository)
                    .property("slurm.repository.url", repositoryUrl())
                    .property("slurm.pgp.fingerprints", key.fingerprint())
                    .property("slurm.version", "25.11").property("slurm.toolchain", "noble")
                    .property("slurm.prefix", prefix.toString())
                    .args("slurm:install").start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Path log = logs.get(i);
            assertTrue(processes.get(i).waitFor(600, TimeUnit.SECONDS), "install " + i + " finished");
            assertEquals(0, processes.get(i).exitValue(), () -> "install failed: " + read(log));
        }
        long unpacks = 0;
        long noOps = 0;
        for (Path log : logs) {
            String text = Files.readString(log);
            unpacks += text.lines().filter(l -> l.contains("Unpacked ")).count();
            noOps += text.lines().filter(l -> l.contains("is already installed")).count();
        }
        assertEquals(1, unpacks, "one of the concurrent installs unpacks");
        assertEquals(CONCURRENT_INSTALLS - 1, noOps, "the others wait for the lock and find the receipt");
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void genuineTarballOfAnotherBuildServedAtThisBuildsKeyIsRefused(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-replay", maven);
        MavenResult first = install(maven, "install-replay", FixtureCache.JAMMY_PREVIOUS, prefix)
                .property("slurm.runInstallScript", "false").log("first.log").run();
        assertEquals(0, first.exitCode(), first::toString);
        String before = Files.readSymbolicLink(prefix.resolve("view")).toString();
        Path record = prefix.resolveSibling("script-record.txt");
        Files.deleteIfExists(record);

        // a cache serving the genuine, signed 23.11 rockylinux9 tarball and its .asc at the key of 25.11 noble amd64
        FixtureCache replaying = FixtureCache.create(cache.root().resolveSibling("replaying-" + maven.name()), key);
        Path genuine = cache.tarballPath(FixtureCache.ROCKY9_DOCUMENTED, CacheLayout.DOCUMENTED);
        Path replayed = replaying.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Files.createDirectories(replayed.getParent());
        Files.copy(genuine, replayed, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(FixtureCache.signaturePath(genuine), FixtureCache.signaturePath(replayed),
                StandardCopyOption.REPLACE_EXISTING);
        replaying.putKeyManifest(Toolchain.NOBLE);
        try (CacheServer replayServer = CacheServer.start(replaying.root())) {
            MavenResult result = install(maven, "install-replay", FixtureCache.NOBLE, prefix)
                    .property("slurm.repository.url", "slurm+" + replayServer.uri())
                    .env(FixtureTarball.RECORD_ENV, record.toString()).run();

            assertNotEquals(0, result.exitCode(), result::toString);
            assertTrue(result.log().contains("asked for 25.11 noble amd64, the signed tarball holds 23.11.0 (gcc "
                    + "11.5.0, the compiler of rockylinux9)"), result::toString);

            MavenResult verify = deployment(maven, "install-replay", FixtureCache.NOBLE, prefix)
                    .property("slurm.repository.url", "slurm+" + replayServer.uri())
                    .args("slurm:verify").log("verify.log").run();
            assertNotEquals(0, verify.exitCode(), verify::toString);
            assertTrue(verify.log().contains("the signed tarball holds 23.11.0"), verify::toString);
        }
        assertEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString(), "nothing was switched");
        assertFalse(Files.exists(record), "no script ran");
        assertEquals(List.of(), staging(prefix));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void tarballAlteredOnTheWayIsRefusedWhileItStreamsAndLandsNowhere(MavenVersion maven) throws Exception {
        Path prefix = prefix("install-altered", maven);
        assertEquals(0, install(maven, "install-altered", FixtureCache.NOBLE, prefix).log("first.log").run()
                .exitCode());
        String before = Files.readSymbolicLink(prefix.resolve("view")).toString();

        // a mirror serving 25.11 noble with one byte changed near its end, under the genuine .asc: the install
        // unpacks it into its staging folder as it streams; the download's signature check fails only at its end
        FixtureCache altering = FixtureCache.create(cache.root().resolveSibling("altering-" + maven.name()), key);
        Path altered = altering.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).padding(24L << 20));
        try (RandomAccessFile file = new RandomAccessFile(altered.toFile(), "rw")) {
            long at = file.length() - (64 << 10);
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x20);
        }
        altering.putKeyManifest(Toolchain.NOBLE);
        Path otherMachine = prefix.resolveSibling("other-machine-repo");
        SampleProject.delete(otherMachine);
        MavenResult result;
        try (CacheServer mirror = CacheServer.start(altering.root())) {
            result = install(maven, "install-altered", FixtureCache.NOBLE, prefix)
                    .property("slurm.repository.url", "slurm+" + mirror.uri()).localRepository(otherMachine)
                    .log("altered.log").run();
        }

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("do not match its signature"), result::toString);
        assertFalse(result.log().contains("Unpacked "), result::toString);
        assertEquals(before, Files.readSymbolicLink(prefix.resolve("view")).toString(), "nothing was switched");
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        assertEquals(List.of(), staging(prefix), "the staging folder of the streamed bytes is gone");
        assertFalse(Files.exists(result.slurmTarball("25.11", "noble")), "no tarball in the local repository");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void rollbackSwitchesBackToThePreviousRelease(MavenVersion maven) throws Exception {
        Path prefix = prefix("rollback", maven);
        MavenRun first = install(maven, "rollback", FixtureCache.NOBLE, prefix).property("slurm.runInstallScript", "false");
        assertEquals(0, first.run().exitCode());
        MavenResult second = install(maven, "rollback", FixtureCache.JAMMY_PREVIOUS, prefix)
                .property("slurm.runInstallScript", "false").run();
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals("slurm 24.11.0", run(prefix.resolve("view/bin/sinfo"), "--version"));

        MavenResult rollback = deployment(maven, "rollback", FixtureCache.JAMMY_PREVIOUS, prefix)
                .args("slurm:rollback").log("rollback.log").run();

        assertEquals(0, rollback.exitCode(), rollback::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        assertFalse(Files.exists(prefix.resolve(".slurm-install.json")), "the next install installs again");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void verifyGoalChecksTheSignatureAndInstallsNothing(MavenVersion maven) throws Exception {
        Path prefix = prefix("verify-goal", maven);
        MavenResult good = deployment(maven, "verify-goal", FixtureCache.JAMMY_PREVIOUS, prefix)
                .args("slurm:verify").run();
        assertEquals(0, good.exitCode(), good::toString);
        assertTrue(good.log().contains("Verified " + FixtureCache.JAMMY_PREVIOUS), good::toString);

        MavenResult untrusted = deployment(maven, "verify-goal-untrusted", FixtureCache.JAMMY_PREVIOUS, prefix)
                .property("slurm.pgp.fingerprints", "FDEA90667641505264EFD114DFB92630BCA5AB71")
                .args("slurm:verify").run();
        assertNotEquals(0, untrusted.exitCode(), untrusted::toString);
        assertTrue(untrusted.log().contains("Refusing " + FixtureCache.JAMMY_PREVIOUS), untrusted::toString);
        assertFalse(Files.exists(prefix), "verify installs nothing");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void detectNamesThisHostsBuildOrSaysHowToChoose(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "install-from-cache", "detect").args("slurm:detect").run();
        String osRelease = Files.readString(Path.of("/etc/os-release"));
        boolean supported = osRelease.matches("(?s).*VERSION_CODENAME=\"?(noble|jammy|resolute).*")
                || osRelease.matches("(?s).*\nID=\"?(rocky|rhel|almalinux).*");
        if (supported) {
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.log().contains("This host takes Slurm builds for toolchain"), result::toString);
        } else {
            assertNotEquals(0, result.exitCode(), result::toString);
            assertTrue(result.log().contains("The Slurm cache has no build for this host")
                    && result.log().contains(Toolchain.ids()) && result.log().contains("-Dslurm.toolchain="),
                    result::toString);
            String ldd = run(Path.of("/bin/sh"), "-c", "ldd --version 2>&1 || true");
            assertTrue(!ldd.matches("(?s)ldd \\(.*(GLIBC|GNU libc).*") || result.log().contains("Closest guess: ")
                    || result.log().contains("No toolchain's glibc"),
                    () -> "on a glibc host the message names the closest toolchain: " + result);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return log + ": " + e.getMessage();
        }
    }

    private static boolean unpacking(Path prefix) throws IOException {
        for (Path staging : staging(prefix)) {
            if (Files.exists(staging.resolve("view/share/slurm/padding.bin"))) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> staging(Path prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(prefix, ".staging-*")) {
            children.forEach(found::add);
        }
        return found;
    }
}
