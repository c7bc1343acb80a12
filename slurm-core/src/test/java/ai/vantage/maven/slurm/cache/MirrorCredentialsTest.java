package ai.vantage.maven.slurm.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.RepositorySettings;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings.Credentials;
import java.io.IOException;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's credentials go to its own base URL only; a mirror gets those of the server its entry names. */
class MirrorCredentialsTest {

    private static final String KEY = "noble/25.11/amd64/slurm-25.11-noble-amd64-software.asc";
    private static final Credentials REPOSITORY = new Credentials("repository-user", "repository-secret");
    private static final Credentials MIRROR = new Credentials("mirror-user", "mirror-secret");

    @TempDir
    Path root;

    private CacheServer primary;
    private CacheServer mirror;

    @BeforeEach
    void serve() throws IOException {
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.writeString(root.resolve(KEY), "signature");
        primary = CacheServer.start(root).failWith(KEY, 503, 100);
        mirror = CacheServer.start(root);
    }

    @AfterEach
    void stop() {
        primary.close();
        mirror.close();
    }

    private RepositorySettings repository(String mirrors) {
        return SlurmSettings.of(Map.of("slurm.mirrors", mirrors, "slurm.retries", "0"), root.resolve("repository"))
                .repository("slurm");
    }

    private static String basic(Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static void fetch(UpstreamClient client) throws IOException {
        assertEquals("signature", new String(client.fetch(KEY, 100).orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void aMirrorNamedByUrlAloneGetsNoCredentials() throws IOException {
        fetch(new UpstreamClient(repository(mirror.uri().toString()).upstream(primary.uri().toString(),
                Proxy.NO_PROXY, null, REPOSITORY), UpstreamListener.NONE));

        assertEquals(List.of("GET /" + KEY + " " + basic(REPOSITORY)), primary.authorizations());
        assertEquals(List.of(), mirror.authorizations(), "the repository's credentials must not reach a mirror");
        assertEquals(List.of("GET /" + KEY), mirror.requests());
    }

    @Test
    void aMirrorNamedWithAServerIdGetsThatServersCredentials() throws IOException {
        RepositorySettings repository = repository("site-mirror=" + mirror.uri());
        assertEquals(List.of(new RepositorySettings.Mirror("site-mirror", mirror.uri().toString())),
                repository.mirrors());

        fetch(new UpstreamClient(repository.upstream(primary.uri().toString(), Proxy.NO_PROXY, null, REPOSITORY,
                id -> id.equals("site-mirror") ? MIRROR : null), UpstreamListener.NONE));

        assertEquals(List.of("GET /" + KEY + " " + basic(REPOSITORY)), primary.authorizations());
        assertEquals(List.of("GET /" + KEY + " " + basic(MIRROR)), mirror.authorizations());
    }

    @Test
    void aMirrorEntryWithoutAUrlOrWithABadServerIdIsRefusedNamingTheForms() {
        for (String entry : List.of("site-mirror=", "=https://mirror.test/", "bad id=https://mirror.test/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repository(entry));
            assertTrue(e.getMessage().startsWith("Invalid setting slurm.mirrors=" + entry + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("<url> or <server-id>=<url>"), e.getMessage());
        }
    }
}
