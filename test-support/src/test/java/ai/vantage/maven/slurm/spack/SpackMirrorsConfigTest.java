package ai.vantage.maven.slurm.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.KeySources;
import ai.vantage.maven.slurm.pgp.PinnedKeyExport;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Spack mirror generation the cache has, the {@code mirrors.yaml} for it, and the pinned key file. */
class SpackMirrorsConfigTest {

    private static FixtureKey key;

    @TempDir
    Path root;

    private FixtureCache cache;
    private CacheServer server;
    private UpstreamClient client;

    @BeforeAll
    static void generate() {
        key = FixtureKey.generate("Fixture Signer <fixture@example.invalid>");
    }

    @BeforeEach
    void serve() throws IOException {
        cache = FixtureCache.create(root.resolve("cache"), key);
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).write();
        for (String older : List.of("jammy/slurm/deps/build_cache/index.json", "jammy/slurm/24.11/build_cache/index.json")) {
            Files.createDirectories(cache.root().resolve(older).getParent());
            Files.writeString(cache.root().resolve(older), "{}");
        }
        server = CacheServer.start(cache.root());
        client = new UpstreamClient(UpstreamSettings.of(List.of(server.uri().toString()), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 0, Duration.ZERO), UpstreamListener.NONE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCurrentGenerationIsOneSignedMirrorPerToolchain() throws IOException {
        List<SpackMirrorsConfig.Mirror> mirrors = SpackMirrorsConfig.find(client, Toolchain.NOBLE, "25.11");

        assertEquals("mirrors:\n  slurm-factory-noble:\n    url: " + server.uri() + "noble/spack/\n    signed: true\n",
                SpackMirrorsConfig.yaml(mirrors));
    }

    @Test
    void theOlderGenerationIsTheDependenciesAndTheSeries() throws IOException {
        List<SpackMirrorsConfig.Mirror> mirrors = SpackMirrorsConfig.find(client, Toolchain.JAMMY, "24.11");

        assertEquals(List.of(new SpackMirrorsConfig.Mirror("slurm-factory-jammy-deps", server.uri() + "jammy/slurm/deps/"),
                new SpackMirrorsConfig.Mirror("slurm-factory-jammy-24.11", server.uri() + "jammy/slurm/24.11/")), mirrors);
        IOException noSeries = assertThrows(IOException.class,
                () -> SpackMirrorsConfig.find(client, Toolchain.JAMMY, "25.11"));
        assertTrue(noSeries.getMessage().startsWith("The cache has no Spack mirror of jammy 25.11: looked for "
                + server.uri() + "jammy/spack/v3/layout.json"), noSeries.getMessage());
    }

    @Test
    void theKeyFileHoldsThePinnedKeyAndNothingElse() throws Exception {
        byte[] armored = PinnedKeyExport.armored(KeySources.spackMirrors(List.of(Toolchain.NOBLE), server.uri().toString(),
                k -> client.fetch(k, 1 << 20)), key.fingerprint());

        assertTrue(new String(armored, StandardCharsets.US_ASCII).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        // the exported file alone is enough to verify the mirror's signed spec manifests
        Path keyFile = Files.write(root.resolve("exported.pub"), armored);
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.parse(key.fingerprint()))
                .keyFiles(List.of(keyFile)).build();
        String signed = key.clearsign("{\"version\":3}");
        assertEquals("{\"version\":3}", verifier.verifyClearsigned("test", new ByteArrayInputStream(
                signed.getBytes(StandardCharsets.UTF_8))).text().strip());

        String stranger = FixtureKey.generate("Stranger <stranger@example.invalid>").fingerprint();
        IOException missing = assertThrows(IOException.class, () -> PinnedKeyExport.armored(KeySources.spackMirrors(
                List.of(Toolchain.NOBLE), server.uri().toString(), k -> client.fetch(k, 1 << 20)), stranger));
        assertTrue(missing.getMessage().contains(stranger), missing.getMessage());
    }
}
