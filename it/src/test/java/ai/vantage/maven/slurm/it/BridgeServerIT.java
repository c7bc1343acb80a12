package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Maven 3.9 and 4.0 with no extension, reading {@code ai.vantage:slurm} from the bridge server ({@code mvn slurm:serve}
 * over the fixture cache) as a plain {@code http://} repository, and from an offline mirror ({@code mvn slurm:mirror})
 * as a {@code file://} repository: strict checksums pass, {@code slurm:install} works, a tampered build is never
 * served, an exact release ({@code 25.11.6}) is served only while upstream holds it.
 */
class BridgeServerIT extends FixtureCacheIT {

    private static final SlurmCoordinate TAMPERED = new SlurmCoordinate("25.11", Toolchain.RESOLUTE, Arch.AMD64);
    private static final String OTHER_KEY = "FDEA90667641505264EFD114DFB92630BCA5AB71";

    private static Process serve;
    private static Path serveLog;
    private static Path accessLog;
    private static Path bridgeCache;
    private static String bridgeUrl;

    @BeforeAll
    static void startBridge() throws Exception {
        Path tampered = cache.put(TAMPERED, CacheLayout.CURRENT, FixtureTarball.of(TAMPERED));
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 1;
        Files.write(tampered, bytes);

        Path work = Path.of(System.getProperty("it.work"), "bridge-server");
        bridgeCache = work.resolve("bridge-cache");
        SampleProject.delete(work);
        Files.createDirectories(work);
        int port = freePort();
        Path folder = SampleProject.copy("no-project", "bridge-server/serve", Map.of());
        serveLog = folder.resolve("serve.log");
        serve = serve(trusting(MavenRun.of(MavenVersion.MAVEN_3, folder)), port, bridgeCache, serveLog);
        accessLog = serveLog.resolveSibling("access.jsonl");
        bridgeUrl = "http://127.0.0.1:" + port + "/";
    }

    /** The pointer to the generation of a build the bridge serves, present while its cache folder holds the build. */
    private static Path storedBuild(Path cacheDir, SlurmCoordinate coordinate) {
        return cacheDir.resolve("builds").resolve(coordinate.series()).resolve(coordinate.classifier())
                .resolve("current");
    }

    /** Starts {@code mvn slurm:serve} on {@code port} over the fixture cache and waits until it serves. */
    private static Process serve(MavenRun run, int port, Path cacheDir, Path log) throws Exception {
        Process process = run.property("slurm.serve.port", Integer.toString(port))
                .property("slurm.serve.requestLog", log.resolveSibling("access.jsonl").toString())
                .property("slurm.serve.requestLogFormat", "json")
                .property("slurm.serve.minResponseRate", "32k")
                .property("slurm.serve.headTimeout", "5")
                .property("slurm.upstream", server.uri().toString())
                .property("slurm.serve.cacheDir", cacheDir.toString())
                .args(plugin("serve")).log(log.getFileName().toString()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(log)
                || !Files.readString(log, StandardCharsets.UTF_8).contains("Serving ai.vantage:slurm")) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("slurm:serve did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @AfterAll
    static void stopBridge() throws InterruptedException {
        if (serve != null) {
            stop(serve);
        }
    }

    private static String plugin(String goal) {
        return "ai.vantage.maven:slurm-maven-plugin:" + System.getProperty("it.version") + ":" + goal;
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void resolvesWithStrictChecksumsAndInstallsThroughTheBridge(MavenVersion maven) throws Exception {
        MavenResult resolved = plain(maven, "bridge-resolve", bridgeUrl, "noble").args("-C", "dependency:resolve").run();
        assertEquals(0, resolved.exitCode(), resolved::toString);
        assertEquals(sha256(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                sha256(resolved.slurmTarball("25.11", "noble")), "the range resolved to 25.11, bytes as signed");
        assertFalse(resolved.log().contains("WARNING] Could not validate integrity"), resolved::toString);

        Path prefix = Path.of(System.getProperty("it.work"), "bridge-install", maven.name().toLowerCase(), "opt-slurm");
        SampleProject.delete(prefix);
        MavenResult installed = plain(maven, "bridge-install", bridgeUrl, "noble")
                .property("slurm.version", "25.11").property("slurm.toolchain", "noble").property("slurm.arch", "amd64")
                .property("slurm.prefix", prefix.toString())
                .args("-C", "slurm:install").run();
        assertEquals(0, installed.exitCode(), installed::toString);
        assertEquals("slurm 25.11.6", InstallIT.run(prefix.resolve("view/bin/sinfo"), "--version"));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void slurmServeTakesTheJarsOptionsOneParameterEach(MavenVersion maven) throws Exception {
        String agent = "bridge-options-" + maven.name().toLowerCase();
        HttpResponse<byte[]> tarball = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridgeUrl).resolve(FixtureCache.NOBLE.mavenPath())).header("User-Agent", agent).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, tarball.statusCode());
        long deadline = System.nanoTime() + 30_000_000_000L;
        String access;
        while (true) {
            access = Files.exists(accessLog) ? Files.readString(accessLog, StandardCharsets.UTF_8) : "";
            if (access.contains(agent) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(access.lines().anyMatch(l -> l.startsWith("{") && l.contains(agent) && l.contains("\"GET\"")
                && l.contains(FixtureCache.NOBLE.mavenPath()) && l.contains("\"verification\":\"VERIFIED\"")),
                "slurm.serve.requestLog, json: " + access);

        Path folder = SampleProject.copy("no-project", "bridge-options/bad-" + maven.name().toLowerCase(), Map.of());
        MavenResult refused = MavenRun.of(maven, folder).property("slurm.serve.port", "0")
                .property("slurm.upstream", server.uri().toString())
                .property("slurm.serve.minRequestRate", "slow").args(plugin("serve")).run();
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.log().contains("slurm:serve: Invalid --min-request-rate 'slow'"), refused::toString);
    }

    /**
     * An exact release installs through the bridge jar while the signed Spack mirror says upstream holds it; once the
     * series moves on (and the bridge's answer is {@code --recheck-after} old: 0 here), Maven prints why.
     */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anExactReleaseInstallsThroughTheBridgeAndMavenSaysWhenUpstreamMovedOn(MavenVersion maven) throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-exact", maven.name().toLowerCase());
        SampleProject.delete(work);
        Path tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        byte[] original = Files.readAllBytes(tarball);
        byte[] originalSignature = Files.readAllBytes(FixtureCache.signaturePath(tarball));
        try (BridgeJar jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString(), "--recheck-after", "0")) {
            upstreamHolds("6");
            Path prefix = work.resolve("opt-slurm");
            MavenResult installed = plain(maven, "bridge-exact/install", jar.uri().toString(), "noble")
                    .property("slurm.series", "25.11.6")
                    .property("slurm.version", "25.11.6").property("slurm.toolchain", "noble")
                    .property("slurm.arch", "amd64").property("slurm.prefix", prefix.toString())
                    .args("-C", "dependency:resolve", "slurm:install").run();
            assertEquals(0, installed.exitCode(), installed::toString);
            assertArrayEquals(Files.readAllBytes(tarball),
                    Files.readAllBytes(installed.slurmTarball("25.11.6", "noble")),
                    "the series build's bytes, under the exact version");
            assertEquals("slurm 25.11.6", InstallIT.run(prefix.resolve("view/bin/sinfo"), "--version"));

            upstreamHolds("7");
            MavenResult moved = plain(maven, "bridge-exact/moved", jar.uri().toString(), "noble")
                    .property("slurm.series", "25.11.6").args("-C", "dependency:resolve").run();
            assertNotEquals(0, moved.exitCode(), moved::toString);
            assertTrue(moved.log().contains("410"), moved::toString);
            assertTrue(moved.log().contains(
                    "25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6)"),
                    moved::toString);
            assertFalse(Files.exists(moved.slurmTarball("25.11.6", "noble")), "nothing reached the local repository");
        } finally { // the other scenarios read the default 25.11:noble
            Files.write(tarball, original);
            Files.write(FixtureCache.signaturePath(tarball), originalSignature);
            FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm(FixtureTarball.of(FixtureCache.NOBLE).spackVersion(),
                    Arch.AMD64).write();
        }
    }


    /**
     * With no Spack index upstream, the bridge jar serves an exact version only as the release the build's module
     * file shows: plain Maven asking for 25.11.999 or 25.11.0 gets 410 with what the bytes are, never the series build.
     */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anExactVersionWithNoSpackIndexUpstreamIsNeverTheBytesOfAnotherRelease(MavenVersion maven) throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-no-index", maven.name().toLowerCase());
        SampleProject.delete(work);
        Path index = withoutSpackIndex();
        try (BridgeJar jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString())) {
            onlyTheReleaseTheBytesAre(maven, "bridge-no-index", jar.uri().toString(), jar::log);
        } finally {
            restore(index);
        }
    }

    /** The same through {@code mvn slurm:serve}, started on a cache folder of its own while upstream has no index. */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void slurmServeWithNoSpackIndexUpstreamNeverServesTheBytesOfAnotherRelease(MavenVersion maven) throws Exception {
        String test = "serve-no-index-" + maven.name().toLowerCase();
        Path folder = SampleProject.copy("no-project", test + "/serve", Map.of());
        Path log = folder.resolve("serve.log");
        Path index = withoutSpackIndex();
        int port = freePort();
        Process noIndex = serve(trusting(MavenRun.of(maven, folder)), port, folder.resolve("cache"), log);
        try {
            onlyTheReleaseTheBytesAre(maven, test, "http://127.0.0.1:" + port + "/", () -> {
                try {
                    return Files.readString(log, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            stop(noIndex);
            restore(index);
        }
    }

    /** Deletes the fixture cache's Spack index of noble; returns where it was. */
    private static Path withoutSpackIndex() throws IOException {
        Path index = cache.root().resolve(CacheLayout.spackMirror(Toolchain.NOBLE))
                .resolve("v3/manifests/index/index.manifest.json");
        Files.deleteIfExists(index);
        return index;
    }

    private static void restore(Path index) throws IOException {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm(FixtureTarball.of(FixtureCache.NOBLE).spackVersion(),
                Arch.AMD64).write();
        assertTrue(Files.exists(index), "the Spack index is back");
    }

    /**
     * Plain Maven asking the bridge at {@code url} for 25.11.999 or 25.11.0 gets 410 with what the bytes are and nothing
     * in its local repository; asking for 25.11.6 gets the build, byte for byte.
     */
    private static void onlyTheReleaseTheBytesAre(MavenVersion maven, String test, String url,
            Supplier<String> serverLog) throws Exception {
        for (String release : List.of("25.11.999", "25.11.0")) {
            MavenResult refused = plain(maven, test + "/" + release, url, "noble")
                    .property("slurm.series", release).args("-C", "dependency:resolve").run();
            assertNotEquals(0, refused.exitCode(), refused::toString);
            assertTrue(refused.log().contains("410"), refused::toString);
            assertTrue(refused.log().contains("(asked for " + release + "): the signed tarball is Slurm 25.11.6 (its "
                    + "module file view/assets/modules/slurm/25-11-6-1.lua says so)"), refused::toString);
            assertFalse(Files.exists(refused.slurmTarball(release, "noble")), "nothing reached the local repo");
        }
        MavenResult six = plain(maven, test + "/25.11.6", url, "noble")
                .property("slurm.series", "25.11.6").args("-C", "dependency:resolve").run();
        assertEquals(0, six.exitCode(), six::toString);
        assertArrayEquals(Files.readAllBytes(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                Files.readAllBytes(six.slurmTarball("25.11.6", "noble")), "the release the bytes are");
        assertTrue(serverLog.get().contains("Refusing to serve /ai/vantage/slurm/25.11.999/"), serverLog);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void aTamperedBuildIsNeverServed(MavenVersion maven) throws Exception {
        MavenResult result = plain(maven, "bridge-tampered", bridgeUrl, "resolute").args("-C", "dependency:resolve").run();
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("502"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "resolute")), "nothing reached the local repository");
        assertFalse(Files.exists(storedBuild(bridgeCache, TAMPERED)), "nothing in the bridge's cache");
        assertTrue(Files.readString(serveLog).contains("Refusing to serve /" + TAMPERED.mavenPath()),
                "the bridge logs the refusal");
    }

    @Test
    void theRunnableJarServesVerifiedBuilds() throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-jar");
        SampleProject.delete(work);
        try (BridgeJar jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> tarball = http.send(HttpRequest.newBuilder(jar.uri().resolve(FixtureCache.NOBLE.mavenPath()))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, tarball.statusCode(), jar::log);
            assertArrayEquals(Files.readAllBytes(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                    tarball.body());
            assertEquals(502, http.send(HttpRequest.newBuilder(jar.uri().resolve(TAMPERED.mavenPath())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void aMirrorFolderIsAFileRepositoryForPlainMaven(MavenVersion maven) throws Exception {
        Path target = Path.of(System.getProperty("it.work"), "bridge-mirror", maven.name().toLowerCase(), "mirror");
        SampleProject.delete(target);
        // Maven 3 runs it outside a project with the upstream given by its former property, which still works with a
        // warning; Maven 4 in a project whose slurm+ repository names the cache (no extension is loaded: the goal only
        // reads the URL).
        MavenRun mirror = maven == MavenVersion.MAVEN_3
                ? trusting(MavenRun.of(maven, SampleProject.copy("no-project", "bridge-mirror/maven_3/run", Map.of())))
                        .property("slurm.mirror.upstream", server.uri().toString())
                : plain(maven, "bridge-mirror/maven_4/run", "slurm+" + server.uri(), "noble");
        MavenResult mirrored = mirror
                .property("slurm.mirror.target", target.toString())
                .property("slurm.mirror.series", "25.11,24.11")
                .property("slurm.mirror.toolchains", "noble,resolute")
                .args(plugin("mirror")).run();
        assertTrue(mirrored.log().contains("Mirroring ai.vantage:slurm from " + server.uri()), mirrored::toString);
        assertEquals(maven == MavenVersion.MAVEN_3, mirrored.log().contains("[WARNING] slurm.mirror.upstream is "
                + "deprecated: use slurm.upstream"), mirrored::toString);
        assertNotEquals(0, mirrored.exitCode(), "the tampered build fails the goal: " + mirrored);
        assertTrue(mirrored.log().contains("Not mirrored (the rest was): " + TAMPERED), mirrored::toString);
        assertTrue(mirrored.log().contains("2 written, 0 unchanged, 1 not mirrored"), mirrored::toString);
        assertFalse(Files.exists(target.resolve(TAMPERED.mavenPath())));

        MavenResult resolved = plain(maven, "bridge-from-mirror", target.toUri().toString(), "noble-arm64")
                .args("-C", "dependency:resolve").run();
        assertEquals(0, resolved.exitCode(), resolved::toString);
        assertArrayEquals(Files.readAllBytes(cache.tarballPath(FixtureCache.NOBLE_ARM64, CacheLayout.CURRENT)),
                Files.readAllBytes(resolved.slurmTarball("25.11", "noble-arm64")));
    }

    /**
     * The bridge jar stored a build while the fixture key was pinned; restarted on the same cache folder with only
     * another key pinned, it drops it at start and answers {@code 502} with the reason for GET and HEAD, and plain
     * Maven fails naming the status.
     */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void aRestartWithAnotherKeyPinnedRefusesTheOldKeysStoredBuilds(MavenVersion maven) throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-unpinned", maven.name().toLowerCase());
        SampleProject.delete(work);
        String cacheDir = work.resolve("cache").toString();
        try (BridgeJar jar = BridgeJar.start(work.resolve("trusted.log"), List.of(), "--upstream",
                server.uri().toString(), "--cache-dir", cacheDir, "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString())) {
            MavenResult resolved = plain(maven, "bridge-unpinned/trusted", jar.uri().toString(), "noble")
                    .property("slurm.series", "25.11").args("-C", "dependency:resolve").run();
            assertEquals(0, resolved.exitCode(), resolved::toString);
        }
        assertTrue(Files.exists(storedBuild(work.resolve("cache"), FixtureCache.NOBLE)), "stored");

        try (BridgeJar jar = BridgeJar.start(work.resolve("unpinned.log"), List.of(), "--upstream",
                server.uri().toString(), "--cache-dir", cacheDir, "--pgp-fingerprints", OTHER_KEY,
                "--pgp-keys", signer.toString())) {
            assertTrue(jar.log().contains("Checked the 1 stored build(s) under today's trust: 1 dropped"), jar::log);
            HttpClient http = HttpClient.newHttpClient();
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                        jar.uri().resolve(FixtureCache.NOBLE.mavenPath())).method(method,
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(502, refused.statusCode(), method + "\n" + jar.log());
                if (method.equals("GET")) {
                    assertTrue(refused.body().contains("signed by key " + key.fingerprint()), refused.body());
                }
            }
            MavenResult plainMaven = plain(maven, "bridge-unpinned/refused", jar.uri().toString(), "noble")
                    .property("slurm.series", "25.11").args("-C", "dependency:resolve").run();
            assertNotEquals(0, plainMaven.exitCode(), plainMaven::toString);
            assertTrue(plainMaven.log().contains("502"), plainMaven::toString);
            assertFalse(Files.exists(plainMaven.slurmTarball("25.11", "noble")), "nothing reached the local repo");
            assertTrue(jar.log().contains("UNTRUSTED_KEY"), "the log names the reason:\n" + jar.log());
        }
    }

    /**
     * Upstream swaps an older build, signed by the same key, into a key the bridge served a newer one of: the newer
     * one stays served and the log names the refusal; {@code mvn slurm:serve -Dslurm.allowDowngrade=true} on the same
     * cache folder serves the older one, loudly.
     */
    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anOlderSignedBuildUpstreamIsRefusedUntilADowngradeIsAllowed(MavenVersion maven) throws Exception {
        SlurmCoordinate build = new SlurmCoordinate("25.11",
                maven == MavenVersion.MAVEN_3 ? Toolchain.JAMMY : Toolchain.ROCKYLINUX9, Arch.ARM64);
        Path work = Path.of(System.getProperty("it.work"), "bridge-rollback", maven.name().toLowerCase());
        SampleProject.delete(work);
        Path tarball = cache.put(build, CacheLayout.CURRENT, FixtureTarball.of(build));
        byte[] older = Files.readAllBytes(tarball);
        byte[] olderSignature = Files.readAllBytes(FixtureCache.signaturePath(tarball));
        Thread.sleep(1100); // signature times are in seconds
        cache.put(build, CacheLayout.CURRENT, FixtureTarball.of(build).patch("7"));
        byte[] newer = Files.readAllBytes(tarball);
        String cacheDir = work.resolve("cache").toString();
        try (BridgeJar jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", cacheDir, "--pgp-fingerprints", key.fingerprint(), "--pgp-keys", signer.toString(),
                "--recheck-after", "0")) {
            MavenResult first = plain(maven, "bridge-rollback/newer", jar.uri().toString(), build.classifier())
                    .property("slurm.series", "25.11").args("-C", "dependency:resolve").run();
            assertEquals(0, first.exitCode(), first::toString);
            assertArrayEquals(newer, Files.readAllBytes(first.slurmTarball("25.11", build.classifier())));

            Files.write(tarball, older);
            Files.write(FixtureCache.signaturePath(tarball), olderSignature);
            MavenResult again = plain(maven, "bridge-rollback/older", jar.uri().toString(), build.classifier())
                    .property("slurm.series", "25.11").args("-C", "dependency:resolve").run();
            assertEquals(0, again.exitCode(), again::toString);
            assertArrayEquals(newer, Files.readAllBytes(again.slurmTarball("25.11", build.classifier())),
                    "the newer build stays served");
            assertTrue(jar.log().contains("Serving the stored " + build) && jar.log().contains(
                    "before the newest signature already accepted for it"), jar::log);
        }

        Path folder = SampleProject.copy("no-project", "bridge-rollback/" + maven.name().toLowerCase() + "/serve",
                Map.of());
        int port = freePort();
        Process allowing = serve(trusting(MavenRun.of(MavenVersion.MAVEN_3, folder))
                .property("slurm.allowDowngrade", "true").property("slurm.serve.recheckAfter", "0"), port,
                work.resolve("cache"), folder.resolve("serve.log"));
        try {
            MavenResult downgraded = plain(maven, "bridge-rollback/allowed", "http://127.0.0.1:" + port + "/",
                    build.classifier()).property("slurm.series", "25.11").args("-C", "dependency:resolve").run();
            assertEquals(0, downgraded.exitCode(), downgraded::toString);
            assertArrayEquals(older, Files.readAllBytes(downgraded.slurmTarball("25.11", build.classifier())));
            String log = Files.readString(folder.resolve("serve.log"));
            assertTrue(log.contains("DOWNGRADE accepted (slurm.allowDowngrade): " + build), "loudly:\n" + log);
        } finally {
            stop(allowing);
        }
    }

    /** The offline mirror re-run with another key pinned refuses and removes the builds the old key signed. */
    @Test
    void theOfflineMirrorWithAnotherKeyPinnedRefusesAndRemovesReusedBuilds() throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-mirror-unpinned");
        SampleProject.delete(work);
        Path target = work.resolve("mirror");
        String[] selection = {"--upstream", server.uri().toString(), "--mirror", target.toString(), "--series",
                "25.11", "--toolchains", "noble", "--arches", "amd64", "--pgp-keys", signer.toString()};
        List<String> trusted = new ArrayList<>(List.of(selection));
        trusted.addAll(List.of("--pgp-fingerprints", key.fingerprint()));
        assertEquals(0, BridgeJar.run(work.resolve("trusted.log"), trusted.toArray(String[]::new)),
                Files.readString(work.resolve("trusted.log")));
        assertTrue(Files.exists(target.resolve(FixtureCache.NOBLE.mavenPath())));

        List<String> unpinned = new ArrayList<>(List.of(selection));
        unpinned.addAll(List.of("--pgp-fingerprints", OTHER_KEY));
        assertEquals(1, BridgeJar.run(work.resolve("unpinned.log"), unpinned.toArray(String[]::new)));

        String log = Files.readString(work.resolve("unpinned.log"));
        assertTrue(log.contains("Removed " + target.resolve(FixtureCache.NOBLE.mavenPath())) && log.contains(
                "UNTRUSTED_KEY"), log);
        assertFalse(Files.exists(target.resolve(FixtureCache.NOBLE.mavenPath())), "no copy the new trust refuses");
    }
}
