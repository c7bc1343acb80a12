package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A signed fixture cache (the default set) served by the S3-like {@link CacheServer}, and sources reading it. */
final class Upstream implements AutoCloseable {

    private static FixtureKey key;

    final FixtureCache cache;
    final CacheServer server;
    final Path keyFile;
    // the server logs a request after answering it: a test may read these while they grow
    final List<String> infos = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final BridgeLog log = new BridgeLog() {
        @Override
        public void info(String message) {
            infos.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private Upstream(Path root) throws IOException {
        synchronized (Upstream.class) {
            if (key == null) {
                key = FixtureKey.generate("Bridge test signer <bridge@slurm-maven-bridge.invalid>");
            }
        }
        cache = FixtureCache.create(root.resolve("cache"), key).populateDefault();
        keyFile = root.resolve("signer.asc");
        key.writePublicKey(keyFile);
        server = CacheServer.start(cache.root());
    }

    static Upstream start(Path root) throws IOException {
        return new Upstream(root);
    }

    /** A source reading the fixture server, trusting its key, with fast retries and the given overrides. */
    CacheBridgeSource source(Map<String, String> overrides) {
        return new CacheBridgeSource(server.uri().toString(), settings(overrides), log);
    }

    /** The settings of {@link #source}. */
    SlurmSettings settings(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        properties.put(SlurmConfigurationKeys.CONFIG_PROP_PGP_FINGERPRINTS, key.fingerprint());
        properties.put(SlurmConfigurationKeys.CONFIG_PROP_PGP_KEYS, keyFile.toString());
        properties.put(SlurmConfigurationKeys.CONFIG_PROP_PGP_FETCH_KEYS, "false");
        properties.put(SlurmConfigurationKeys.CONFIG_PROP_RETRY_BACKOFF, "10");
        properties.putAll(overrides);
        return SlurmSettings.of(properties, Path.of("."), null);
    }

    /** The cache key of {@code coordinate}'s tarball in the current generation. */
    static String currentKey(SlurmCoordinate coordinate) {
        return CacheLayout.CURRENT.tarballKey(coordinate).orElseThrow();
    }

    /** Overwrites {@code coordinate}'s tarball (current generation) with other bytes, keeping the old signature. */
    void tamper(SlurmCoordinate coordinate) throws IOException {
        Path tarball = cache.tarballPath(coordinate, CacheLayout.CURRENT);
        byte[] bytes = Files.readAllBytes(tarball);
        bytes[bytes.length / 2] ^= 1;
        Files.write(tarball, bytes);
    }

    /** The upstream requests whose path is {@code key}. */
    long requestsOf(String method, String key) {
        return server.requests().stream().filter(r -> r.equals(method + " /" + key)).count();
    }

    @Override
    public void close() {
        server.close();
    }
}
