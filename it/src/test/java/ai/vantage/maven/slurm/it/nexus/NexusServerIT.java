package ai.vantage.maven.slurm.it.nexus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness's maven2 repositories, which the bridge-server and mirror ITs build on: files uploaded to a hosted
 * repository with Nexus's defaults (strict layout and content types) are served back byte for byte, by it and by a
 * maven2 proxy of it.
 */
@ExtendWith(NexusExtension.class)
class NexusServerIT {

    private static final String HOSTED = "harness-hosted";
    private static final String PROXY = "harness-proxy";
    private static final String DIR = "ai/vantage/slurm/25.11/";

    private static NexusServer nexus;
    private static Map<String, Path> files;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void repositories(NexusServer shared) throws Exception {
        nexus = shared;
        Path root = Path.of(System.getProperty("it.work"), "nexus-harness");
        FixtureKey key = FixtureKey.generate("Harness signer <harness@slurm-maven-bridge.invalid>");
        FixtureCache cache = FixtureCache.create(root.resolve("cache"), key);
        Path tarball = cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Path pom = Files.write(root.resolve("slurm-25.11.pom"), PomSynthesizer.pom("25.11", "https://cache.invalid/"));
        files = Map.of(DIR + "slurm-25.11.pom", pom,
                DIR + "slurm-25.11-noble.tar.gz", tarball,
                DIR + "slurm-25.11-noble.tar.gz.asc", FixtureCache.signaturePath(tarball));
        nexus.createMavenHosted(HOSTED);
        nexus.createMavenProxy(PROXY, nexus.repositoryUri(HOSTED));
    }

    @Test
    void uploadsAreServedByTheHostedRepositoryAndAProxyOfIt() throws Exception {
        for (Map.Entry<String, Path> file : files.entrySet()) {
            nexus.upload(HOSTED, file.getKey(), file.getValue());
        }
        for (String repository : new String[] {HOSTED, PROXY}) {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                URI url = nexus.repositoryUri(repository).resolve(file.getKey());
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), url::toString);
                assertArrayEquals(Files.readAllBytes(file.getValue()), response.body(), url::toString);
            }
        }
    }
}
