package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh of a stored build stopped at each point of its switch by halting the process that runs it (a real JVM,
 * {@link RefreshCrash}), then a server started on the same folder: every file it serves agrees with the others.
 */
class RefreshCrashTest {

    private static final String TARBALL = FixtureCache.NOBLE.mavenPath();

    @TempDir
    Path root;

    private Upstream upstream;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aRefreshStoppedAtAnyPointLeavesTheOldSetOrTheNewOneAndEveryFileServedAgrees() throws Exception {
        Path tarballUpstream = upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        byte[] old = Files.readAllBytes(tarballUpstream);
        for (TarballStore.SwitchPoint point : TarballStore.SwitchPoint.values()) {
            new TarballStore(store(point), upstream.source(Map.of()), Long.MAX_VALUE, 1, upstream.log)
                    .get(FixtureCache.NOBLE);
        }
        Thread.sleep(1100); // signature times are in seconds: the rebuild is signed later
        upstream.cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, FixtureTarball.of(FixtureCache.NOBLE).patch("7"));
        byte[] rebuilt = Files.readAllBytes(tarballUpstream);

        for (TarballStore.SwitchPoint point : TarballStore.SwitchPoint.values()) {
            assertEquals(RefreshCrash.HALTED, refreshHaltingAt(point), "halted at " + point);
            Map<String, byte[]> served = serve(store(point));

            byte[] tarball = served.get(TARBALL);
            for (String extension : TarballStore.CHECKSUMS) {
                assertEquals(Checksums.of(tarball).get(extension), new String(served.get(TARBALL + "." + extension),
                        StandardCharsets.US_ASCII), point + ": ." + extension + " is of the tarball served");
            }
            SignatureCheck check = upstream.source(Map.of()).signatureCheck(FixtureCache.NOBLE,
                    served.get(TARBALL + ".asc"));
            check.update(tarball, 0, tarball.length);
            check.finish(); // throws unless the .asc served signs the tarball served
            // before the switch the old set stays; once the new signature time is recorded (ACCEPTED), the old set
            // is refused at start as a rollback and dropped, and the new one fetched whole
            boolean switched = point.compareTo(TarballStore.SwitchPoint.ACCEPTED) >= 0;
            assertArrayEquals(switched ? rebuilt : old, tarball, point + ": the " + (switched ? "new" : "old") + " set");
            try (Stream<Path> generations = Files.list(buildFolder(point))) {
                assertEquals(1, generations.filter(Files::isDirectory).count(),
                        point + ": the generation served alone is left");
            }
        }
    }

    private Path store(TarballStore.SwitchPoint point) {
        return root.resolve("store-" + point);
    }

    private Path buildFolder(TarballStore.SwitchPoint point) {
        return store(point).resolve(GenerationFolders.FOLDER).resolve(FixtureCache.NOBLE.series())
                .resolve(FixtureCache.NOBLE.classifier());
    }

    /** Runs {@link RefreshCrash} on the point's store; its exit code. */
    private int refreshHaltingAt(TarballStore.SwitchPoint point) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RefreshCrash.class.getName(), upstream.server.uri().toString(), store(point).toString(),
                upstream.cache.key().fingerprint(), upstream.keyFile.toString(), point.name())
                .redirectErrorStream(true).redirectOutput(root.resolve("refresh-" + point + ".log").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the refresh halted at " + point);
        return process.exitValue();
    }

    /** Starts a server on {@code store}, and the bytes of the tarball, its signature and its checksum files. */
    private Map<String, byte[]> serve(Path store) throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, store, Long.MAX_VALUE, 1, 4, 8192,
                Duration.ofMinutes(10), Duration.ofHours(1));
        try (BridgeServer bridge = BridgeServer.start(settings, upstream.source(Map.of()), upstream.log)) {
            Map<String, byte[]> served = new java.util.HashMap<>();
            for (String path : Stream.concat(Stream.of(TARBALL, TARBALL + ".asc"),
                    TarballStore.CHECKSUMS.stream().map(extension -> TARBALL + "." + extension)).toList()) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(bridge.uri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), path);
                served.put(path, response.body());
            }
            return served;
        }
    }
}
