package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.it.nexus.NexusExtension;
import ai.vantage.maven.slurm.it.nexus.NexusServer;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Way 2 of docs/nexus-artifactory.md and the upload of docs/offline-mirror.md, on a real Nexus 3, used by plain
 * Maven (no extension): a maven2 proxy with Nexus's strict defaults whose remote is the bridge server (the runnable
 * jar over the fixture cache), and a maven2 hosted repository holding a {@code --mirror} folder uploaded with the
 * documented commands. {@code slurm:install} works through each; versions-maven-plugin sees the newer series.
 */
@ExtendWith(NexusExtension.class)
class NexusBridgeIT extends FixtureCacheIT {

    /** The maven2 proxy of the bridge, created from the JSON the docs show. */
    private static final String PROXY = "slurm-bridge";
    /** The hosted repository the docs upload the mirror to. */
    private static final String HOSTED = "slurm-hosted";
    private static final String BRIDGE_URL = "http://127.0.0.1:8080/";
    /** Served through the proxy only, so the cache's requests for it are the proxy's. */
    private static final SlurmCoordinate PROXIED = FixtureCache.NOBLE;
    /** Mirrored and uploaded only. */
    private static final SlurmCoordinate MIRRORED = FixtureCache.NOBLE_ARM64;

    private static NexusServer nexus;
    private static BridgeJar bridge;
    private static Path mirror;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void repositories(NexusServer shared) throws Exception {
        nexus = shared;
        Path work = Path.of(System.getProperty("it.work"), "nexus-bridge");
        SampleProject.delete(work);
        bridge = BridgeJar.start(work.resolve("bridge.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("bridge-cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString());
        String proxy = documented("nexus-artifactory.md", "repositories/maven/proxy -d '(\\{.*?\\})'");
        assertTrue(proxy.contains("\"strictContentTypeValidation\": true") && proxy.contains("\"layoutPolicy\": \"STRICT\"")
                && proxy.contains("\"name\": \"" + PROXY + "\"") && proxy.contains(BRIDGE_URL),
                "the documented proxy keeps Nexus's strict defaults: " + proxy);
        nexus.createRepository("maven/proxy", proxy.replace(BRIDGE_URL, bridge.uri().toString()));

        mirror = work.resolve("slurm-repo");
        int exit = BridgeJar.run(work.resolve("mirror.log"), "--mirror", mirror.toString(),
                "--upstream", server.uri().toString(), "--series", MIRRORED.series(),
                "--toolchains", MIRRORED.toolchain().id(), "--arches", MIRRORED.arch().id(),
                "--pgp-fingerprints", key.fingerprint(), "--pgp-keys", signer.toString());
        assertEquals(0, exit, () -> read(work.resolve("mirror.log")));
        nexus.createMavenHosted(HOSTED);
        upload(work);
    }

    @AfterAll
    static void stopBridge() throws InterruptedException {
        if (bridge != null) {
            bridge.close();
        }
    }

    /** Runs the upload loop of docs/offline-mirror.md as written, with the test's folder, Nexus and account. */
    private static void upload(Path work) throws IOException, InterruptedException {
        String loop = documented("offline-mirror.md", "```\n(cd /srv/slurm-repo\n.*?)```");
        Path log = work.resolve("upload.log");
        ProcessBuilder curl = new ProcessBuilder("bash", "-euo", "pipefail", "-c", loop
                .replace("/srv/slurm-repo", mirror.toString())
                .replace("https://nexus.example/repository/slurm-hosted/", nexus.repositoryUri(HOSTED).toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        curl.environment().put("NEXUS_USER", NexusServer.ADMIN);
        curl.environment().put("NEXUS_PASSWORD", NexusServer.ADMIN_PASSWORD);
        assertEquals(0, curl.start().waitFor(), () -> read(log));
    }

    /** The first group of {@code pattern} in docs/{@code page}. */
    private static String documented(String page, String pattern) throws IOException {
        String text = Files.readString(Path.of(System.getProperty("it.docs"), page));
        Matcher matcher = Pattern.compile(pattern, Pattern.DOTALL).matcher(text);
        assertTrue(matcher.find(), "docs/" + page + " shows nothing like " + pattern);
        return matcher.group(1);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void installsThroughAMaven2ProxyOfTheBridge(MavenVersion maven) throws Exception {
        Path prefix = Path.of(System.getProperty("it.work"), "nexus-bridge-install", maven.name().toLowerCase(), "opt");
        SampleProject.delete(prefix);
        MavenResult result = plain(maven, "nexus-bridge-install", nexus.repositoryUri(PROXY).toString(),
                PROXIED.classifier())
                .property("slurm.version", PROXIED.series()).property("slurm.toolchain", PROXIED.toolchain().id())
                .property("slurm.arch", PROXIED.arch().id()).property("slurm.prefix", prefix.toString())
                .args("-C", "slurm:install").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        String tarball = CacheLayout.CURRENT.tarballKey(PROXIED).orElseThrow();
        assertEquals(1, server.requests().stream().filter(("GET /" + tarball)::equals).count(),
                "one download from the cache, whichever Maven asked first: " + server.requests());
    }

    /** Strict content type validation (Nexus's default) takes the signature as the bridge serves it. */
    @Test
    void theSignaturePassesStrictContentTypeValidation() throws Exception {
        String asc = PROXIED.mavenPath() + ".asc";
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(nexus.repositoryUri(PROXY).resolve(asc)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode(), () -> bridge.log() + "\nnexus.log:\n" + nexus.logTail());
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(
                cache.tarballPath(PROXIED, CacheLayout.CURRENT))), served.body());
    }

    /**
     * versions-maven-plugin, reading the GA-level metadata through the proxy, offers the newer series. Maven 3.9 only:
     * the plugin reads one file over plain HTTP, which both Maven lines do alike (the install above runs on both).
     */
    @Test
    void versionsPluginSeesTheNewerSeries() throws Exception {
        SlurmCoordinate pinned = FixtureCache.JAMMY_PREVIOUS;
        MavenResult result = plain(MavenVersion.MAVEN_3, "nexus-bridge-versions", nexus.repositoryUri(PROXY).toString(),
                pinned.classifier())
                .property("slurm.series", pinned.series())
                .args("org.codehaus.mojo:versions-maven-plugin:" + System.getProperty("it.versionsPlugin")
                        + ":display-dependency-updates")
                .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Pattern.compile("ai\\.vantage:slurm \\.* 24\\.11 -> 25\\.11").matcher(result.log()).find(),
                result::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void installsFromAHostedRepositoryHoldingTheUploadedMirror(MavenVersion maven) throws Exception {
        Path prefix = Path.of(System.getProperty("it.work"), "nexus-hosted-install", maven.name().toLowerCase(), "opt");
        SampleProject.delete(prefix);
        URI hosted = nexus.repositoryUri(HOSTED);
        MavenResult result = plain(maven, "nexus-hosted-install", hosted.toString(), MIRRORED.classifier())
                .property("slurm.version", MIRRORED.series()).property("slurm.toolchain", MIRRORED.toolchain().id())
                .property("slurm.arch", MIRRORED.arch().id()).property("slurm.prefix", prefix.toString())
                .args("-C", "slurm:install").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.isRegularFile(prefix.resolve("view/bin/sinfo")), result::toString);
        assertArrayEquals(Files.readAllBytes(mirror.resolve(MIRRORED.mavenPath())),
                Files.readAllBytes(result.slurmTarball(MIRRORED.series(), MIRRORED.classifier())));
    }
}
