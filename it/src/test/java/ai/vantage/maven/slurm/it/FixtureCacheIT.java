package ai.vantage.maven.slurm.it;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the scenarios: one signed fixture cache (the default set of {@link FixtureCache}) served on loopback for
 * the whole class, and sample-project runs pinned to its key.
 */
abstract class FixtureCacheIT {

    static FixtureKey key;
    static FixtureCache cache;
    static CacheServer server;

    @BeforeAll
    static void startCache() throws IOException {
        Path root = Path.of(System.getProperty("it.work"), "caches", String.valueOf(System.nanoTime()));
        key = FixtureKey.generate("IT signer <it@slurm-maven-bridge.invalid>");
        cache = FixtureCache.create(root.resolve("cache"), key).populateDefault();
        key.writePublicKey(root.resolve("signer.asc"));
        server = CacheServer.start(cache.root());
    }

    @AfterAll
    static void stopCache() {
        if (server != null) {
            server.close();
        }
    }

    /** The slurm+http URL of the fixture server. */
    static String repositoryUrl() {
        return "slurm+" + server.uri();
    }

    /** A run of {@code project} (a copy of its own for this test and Maven) against the fixture cache. */
    static MavenRun maven(MavenVersion maven, String project, String test) throws IOException {
        Path copy = SampleProject.copy(project, test + "/" + maven.name().toLowerCase(), Map.of());
        return MavenRun.of(maven, copy)
                .property("slurm.repository.url", repositoryUrl())
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.retryBackoff", "50");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
