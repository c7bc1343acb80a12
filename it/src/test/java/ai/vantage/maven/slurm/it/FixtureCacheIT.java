package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Runs {@code executable} (e.g. an installed {@code sinfo}), asserts it exits 0, and returns its output. */
    static String run(Path executable, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    /** A run of {@code resolve-from-cache} resolving {@code coordinate}, as test {@code test}. */
    static MavenRun resolving(MavenVersion maven, String test, SlurmCoordinate coordinate) throws IOException {
        return maven(maven, "resolve-from-cache", test)
                .property("slurm.series", coordinate.series())
                .property("slurm.classifier", coordinate.classifier());
    }

    static String sha256(Path file) throws IOException {
        return Checksums.sha256(file);
    }
}
