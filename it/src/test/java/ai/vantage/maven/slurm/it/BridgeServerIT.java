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
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    private static Process serve;
    private static Path serveLog;
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
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path folder = SampleProject.copy("no-project", "bridge-server/serve", Map.of());
        serveLog = folder.resolve("serve.log");
        serve = trusting(MavenRun.of(MavenVersion.MAVEN_3, folder))
                .property("slurm.serve.port", Integer.toString(port))
                .property("slurm.serve.upstream", server.uri().toString())
                .property("slurm.serve.cacheDir", bridgeCache.toString())
                .args(plugin("serve")).log("serve.log").start();
        bridgeUrl = "http://127.0.0.1:" + port + "/";
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.readString(serveLog, StandardCharsets.UTF_8).contains("Serving ai.vantage:slurm")) {
            if (!serve.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("slurm:serve did not start:\n" + Files.readString(serveLog));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopBridge() throws InterruptedException {
        if (serve != null) {
            serve.descendants().forEach(ProcessHandle::destroy);
            serve.destroy();
            serve.waitFor();
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


    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void aTamperedBuildIsNeverServed(MavenVersion maven) throws Exception {
        MavenResult result = plain(maven, "bridge-tampered", bridgeUrl, "resolute").args("-C", "dependency:resolve").run();
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("502"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "resolute")), "nothing reached the local repository");
        assertFalse(Files.exists(bridgeCache.resolve(TAMPERED.mavenPath())), "nothing in the bridge's cache");
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
        // Maven 3 runs it outside a project with the upstream given; Maven 4 in a project whose slurm+ repository
        // names the cache (no extension is loaded: the goal only reads the URL).
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
}
