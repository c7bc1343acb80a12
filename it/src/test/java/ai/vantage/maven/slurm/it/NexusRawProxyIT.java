package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.it.nexus.NexusExtension;
import ai.vantage.maven.slurm.it.nexus.NexusServer;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Way 1 of docs/nexus-artifactory.md: a real Nexus 3 raw proxy repository in front of the fixture cache, used by real
 * Maven 3.9 and 4.0 through the transport ({@code slurm+http://<nexus>/repository/<name>/}), and what Nexus does
 * to such a repository when the cache answers 5xx.
 */
@ExtendWith(NexusExtension.class)
class NexusRawProxyIT extends FixtureCacheIT {

    /** The raw proxy, created from the JSON the docs show. */
    private static final String RAW = "slurm-raw";
    private static final String CACHE_URL = "https://slurm-factory-spack-binary-cache.vantagecompute.ai/";
    /** The same with strict content type validation on, Nexus's default, which the docs say to turn off. */
    private static final String RAW_STRICT = "slurm-raw-strict";
    private static final String NOBLE_KEY = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE).orElseThrow();
    private static final String ARM64_KEY = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE_ARM64).orElseThrow();

    /** A build of its own per Maven version, that no other scenario puts in Nexus's cache. */
    private static final Map<MavenVersion, SlurmCoordinate> BLIPS = Map.of(
            MavenVersion.MAVEN_3, new SlurmCoordinate("25.11", Toolchain.RESOLUTE, Arch.AMD64),
            MavenVersion.MAVEN_4, new SlurmCoordinate("25.11", Toolchain.ROCKYLINUX10, Arch.AMD64));

    private static NexusServer nexus;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createRepositories(NexusServer shared) throws Exception {
        nexus = shared;
        nexus.createRepository("raw/proxy", documentedRawProxy().replace(CACHE_URL, server.uri().toString()));
        nexus.createRawProxy(RAW_STRICT, server.uri(), true, 1, false);
        for (SlurmCoordinate blip : BLIPS.values()) {
            cache.put(blip, CacheLayout.CURRENT);
        }
    }

    /** The JSON docs/nexus-artifactory.md posts to create the raw proxy. */
    private static String documentedRawProxy() throws IOException {
        String page = Files.readString(Path.of(System.getProperty("it.docs"), "nexus-artifactory.md"));
        Matcher json = Pattern.compile("repositories/raw/proxy -d '(\\{.*?\\})'", Pattern.DOTALL).matcher(page);
        assertTrue(json.find(), "docs/nexus-artifactory.md shows no JSON for repositories/raw/proxy");
        assertTrue(json.group(1).contains("\"name\": \"" + RAW + "\"") && json.group(1).contains(CACHE_URL),
                json.group(1));
        return json.group(1);
    }

    private static MavenRun throughNexus(MavenVersion maven, String project, String test, String repository)
            throws IOException {
        return maven(maven, project, test).property("slurm.repository.url", "slurm+" + nexus.repositoryUri(repository));
    }

    private static List<String> warnings(MavenResult result) {
        return result.log().lines().filter(l -> l.startsWith("[WARNING]")).toList();
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void resolvesAVersionRangeWithoutTheListingQuietly(MavenVersion maven) throws Exception {
        MavenResult result = throughNexus(maven, "resolve-from-cache", "nexus-raw-range", RAW)
                .property("slurm.series", "[24.11,25.11]").property("slurm.classifier", "noble")
                .args("-C", "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Verified " + FixtureCache.NOBLE + ": signed by " + key.fingerprint()),
                result::toString);
        assertEquals(sha256(cache.root().resolve(NOBLE_KEY)), sha256(result.slurmTarball("25.11", "noble")));
        String metadata = Files.readString(result.localRepository().resolve(
                "ai/vantage/slurm/maven-metadata-it-fixture-cache.xml"));
        assertTrue(metadata.contains("<version>26.05</version>"),
                "the series come from the built-in table (the fixture cache has no 26.05): " + metadata);
        assertFalse(server.requests().stream().anyMatch(r -> r.contains("list-type")),
                "Nexus forwards no query string: " + server.requests());
        assertEquals(List.of(), warnings(result), "the missing listing is no warning");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void installsThroughTheRawProxy(MavenVersion maven) throws Exception {
        Path prefix = Path.of(System.getProperty("it.work"), "nexus-raw-install", maven.name().toLowerCase(), "opt");
        SampleProject.delete(prefix);
        MavenResult result = throughNexus(maven, "install-from-cache", "nexus-raw-install", RAW)
                .property("slurm.version", "25.11").property("slurm.toolchain", "noble")
                .property("slurm.arch", "arm64").property("slurm.prefix", prefix.toString())
                .args("slurm:install").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Verified " + FixtureCache.NOBLE_ARM64 + ": signed by " + key.fingerprint()),
                result::toString);
        assertTrue(Files.isRegularFile(prefix.resolve("view/bin/sinfo")), result::toString);
        assertEquals(List.of(), warnings(result));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void missingBuildIsNotFound(MavenVersion maven) throws Exception {
        MavenResult result = throughNexus(maven, "resolve-from-cache", "nexus-raw-missing", RAW)
                .property("slurm.series", "26.05").property("slurm.classifier", "noble")
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("ai.vantage:slurm:26.05:tar.gz:noble is not in the Slurm cache "
                + nexus.repositoryUri(RAW)), result::toString);
        assertTrue(result.log().toLowerCase().contains("could not find artifact ai.vantage:slurm"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("26.05", "noble")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void strictContentTypeValidationHidesTheSignatureAndTheRefusalSaysSo(MavenVersion maven) throws Exception {
        MavenResult result = throughNexus(maven, "resolve-from-cache", "nexus-raw-strict", RAW_STRICT)
                .property("slurm.series", "25.11").property("slurm.classifier", "noble")
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing " + FixtureCache.NOBLE + ": it has no PGP signature"),
                result::toString);
        assertTrue(result.log().contains("strict content type validation"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "noble")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anUpstream500IsRiddenOutByTheDocumentedProxyAndTheTransportsRetry(MavenVersion maven) throws Exception {
        SlurmCoordinate blip = BLIPS.get(maven);
        String tarball = CacheLayout.CURRENT.tarballKey(blip).orElseThrow();
        server.clearRequests();
        server.failWith(tarball, 500, 1);
        MavenResult result = throughNexus(maven, "resolve-from-cache", "nexus-raw-blip", RAW)
                .property("slurm.series", blip.series()).property("slurm.classifier", blip.classifier())
                .args("-C", "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, server.requests().stream().filter(("GET /" + tarball)::equals).count(),
                "Nexus asked the cache again on the transport's retry: " + server.requests());
        assertTrue(result.log().contains("failed (HTTP 503 from " + nexus.repositoryUri(RAW) + tarball + "); retry 1"),
                result::toString);
        assertEquals(sha256(cache.root().resolve(tarball)),
                sha256(result.slurmTarball(blip.series(), blip.classifier())));
    }

    /**
     * An upstream 500 auto-blocks the proxy, and a file asked for during the block is then negatively cached as 404
     * even once the cache is fine again: saving the repository lifts the block (invalidating its cache does not),
     * then invalidating its cache drops the 404 (docs/nexus-artifactory.md, "When the cache answered 5xx").
     */
    @Test
    void anUpstream5xxPoisonsFilesAskedForDuringTheBlockUntilTheCacheIsInvalidated() throws Exception {
        String name = "slurm-raw-blip";
        nexus.createRawProxy(name, server.uri(), false, 1, true);
        server.clearRequests();
        server.failWith(NOBLE_KEY, 500, 1);

        assertEquals(503, get(name, NOBLE_KEY).statusCode(), "Nexus answers an upstream 500 with 503");
        HttpResponse<byte[]> blocked = get(name, ARM64_KEY);
        assertEquals(404, blocked.statusCode(), "the remote is auto-blocked");
        assertFalse(server.requests().contains("GET /" + ARM64_KEY), server.requests()::toString);

        nexus.invalidateCache(name);
        assertEquals(404, get(name, ARM64_KEY).statusCode(), "invalidating the cache does not lift the block");

        nexus.resave(name);
        assertEquals(404, get(name, ARM64_KEY).statusCode(), "saving lifts the block, not the negative cache");
        assertFalse(server.requests().contains("GET /" + ARM64_KEY), server.requests()::toString);
        assertArrayEquals(Files.readAllBytes(cache.root().resolve(NOBLE_KEY)), get(name, NOBLE_KEY).body(),
                "the file that met the 500 is not negatively cached");

        nexus.invalidateCache(name);
        HttpResponse<byte[]> recovered = get(name, ARM64_KEY);
        assertEquals(200, recovered.statusCode());
        assertArrayEquals(Files.readAllBytes(cache.root().resolve(ARM64_KEY)), recovered.body());
    }

    /** With auto-blocking off, an upstream 500 costs the one request that met it, and nothing is negatively cached. */
    @Test
    void withoutAutoBlockAnUpstream5xxCostsOneRequest() throws Exception {
        String name = "slurm-raw-no-autoblock";
        nexus.createRawProxy(name, server.uri(), false, 1, false);
        server.failWith(NOBLE_KEY, 500, 1);

        assertEquals(503, get(name, NOBLE_KEY).statusCode());
        assertEquals(200, get(name, ARM64_KEY).statusCode(), "no block");
        HttpResponse<byte[]> retried = get(name, NOBLE_KEY);
        assertEquals(200, retried.statusCode(), "the failed file is not negatively cached");
        assertArrayEquals(Files.readAllBytes(cache.root().resolve(NOBLE_KEY)), retried.body());
    }

    private HttpResponse<byte[]> get(String repository, String key) throws IOException, InterruptedException {
        URI url = nexus.repositoryUri(repository).resolve(key);
        return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
