package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySourcesTest {

    private static final String FPR = "FDEA90667641505264EFD114DFB92630BCA5AB71";
    private static final String SPACK_TEST_KEY = "E89D4971F0097B1E7A3EB57371B484802E78D7CD";
    private static final byte[] KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n...\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, byte[]> site = new HashMap<>();
    private final List<String> requests = new ArrayList<>();

    private KeySource mirrors(Toolchain... toolchains) {
        return KeySources.spackMirrors(List.of(toolchains), "https://cache.test/", key -> {
            requests.add(key);
            return Optional.ofNullable(site.get(key));
        });
    }

    private static String sha256(byte[] bytes) {
        return Checksums.of(bytes).get("sha256");
    }

    private static byte[] manifest(String checksum) {
        return ("{\"version\":3,\"data\":[{\"contentLength\":" + KEY.length + ",\"mediaType\":\"application/pgp-keys\","
                + "\"compression\":\"none\",\"checksumAlgorithm\":\"sha256\",\"checksum\":\"" + checksum + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void v3KeyManifestLeadsToItsBlob() throws Exception {
        String checksum = sha256(KEY);
        site.put(CacheLayout.keyManifestKey(Toolchain.NOBLE, FPR), manifest(checksum));
        site.put("noble/spack/blobs/sha256/" + checksum.substring(0, 2) + "/" + checksum, KEY);

        assertArrayEquals(KEY, mirrors(Toolchain.NOBLE).find(FPR).orElseThrow());
        assertEquals(List.of("noble/spack/v3/manifests/key/" + FPR + ".key.manifest.json",
                "noble/spack/blobs/sha256/" + checksum.substring(0, 2) + "/" + checksum), requests);
    }

    @Test
    void blobNotMatchingItsManifestIsRefused() throws Exception {
        String checksum = sha256(KEY);
        site.put(CacheLayout.keyManifestKey(Toolchain.NOBLE, FPR), manifest(checksum));
        site.put(CacheLayout.blobKey(Toolchain.NOBLE, "sha256", checksum), "tampered".getBytes(StandardCharsets.UTF_8));

        IOException e = assertThrows(IOException.class, () -> mirrors(Toolchain.NOBLE).find(FPR));
        assertTrue(e.getMessage().contains("manifest says " + checksum), e.getMessage());
    }

    @Test
    void olderV2KeyIsTheFallback() throws Exception {
        site.put(CacheLayout.legacyKeyKey(Toolchain.JAMMY, FPR), KEY);

        assertArrayEquals(KEY, mirrors(Toolchain.NOBLE, Toolchain.JAMMY).find(FPR).orElseThrow());
        assertEquals(4, requests.size(), requests.toString());
    }

    @Test
    void absentEverywhereIsEmpty() throws Exception {
        assertTrue(mirrors(Toolchain.NOBLE).find(FPR).isEmpty());
        assertTrue(mirrors(Toolchain.NOBLE).description().contains("https://cache.test/"));
    }

    @Test
    void manifestsThatAreNotV3KeyManifestsAreRefused() {
        assertThrows(IOException.class, () -> SpackKeyManifest.parse("{\"version\":2,\"data\":[]}".getBytes()));
        assertThrows(IOException.class, () -> SpackKeyManifest.parse("not json".getBytes()));
        IOException noKey = assertThrows(IOException.class, () -> SpackKeyManifest.parse(
                "{\"version\":3,\"data\":[{\"mediaType\":\"application/json\"}]}".getBytes()));
        assertTrue(noKey.getMessage().contains("application/pgp-keys"));
        String md5 = "{\"version\":3,\"data\":[{\"mediaType\":\"application/pgp-keys\","
                + "\"checksumAlgorithm\":\"md5\",\"checksum\":\"00\"}]}";
        assertThrows(IOException.class, () -> SpackKeyManifest.parse(md5.getBytes()));
    }

    @Test
    void cacheDirectoryStoresByFingerprint(@TempDir Path dir) throws Exception {
        Path fixtureKey = spackFixture().resolve("_pgp/" + SPACK_TEST_KEY + ".pub");
        PGPPublicKeyRing ring = KeyMaterial.parse(Files.readAllBytes(fixtureKey)).get(0);
        KeyCacheDirectory cache = new KeyCacheDirectory(dir.resolve("keys"));

        assertTrue(cache.find(SPACK_TEST_KEY).isEmpty());
        cache.store(SPACK_TEST_KEY, ring);

        byte[] stored = cache.find(SPACK_TEST_KEY).orElseThrow();
        assertEquals(SPACK_TEST_KEY, KeyMaterial.fingerprint(KeyMaterial.parse(stored).get(0).getPublicKey()));
        assertTrue(Files.isRegularFile(dir.resolve("keys").resolve(SPACK_TEST_KEY + ".asc")));
    }

    @Test
    void realSpackKeyIsReadFromAKeyFile() throws Exception {
        Path fixtureKey = spackFixture().resolve("_pgp/" + SPACK_TEST_KEY + ".pub");

        byte[] found = KeySources.files(List.of(fixtureKey)).find(SPACK_TEST_KEY).orElseThrow();
        PGPPublicKeyRing ring = KeyMaterial.parse(found).get(0);
        assertEquals(SPACK_TEST_KEY, KeyMaterial.fingerprint(ring.getPublicKey()));
        assertEquals(4096, ring.getPublicKey().getBitStrength());
        assertTrue(KeySources.files(List.of(fixtureKey)).find(FPR).isEmpty());
    }

    @Test
    void clearsignedSpackSpecIsNotAKeyFile() throws Exception {
        Path spec = spackFixture().resolve("libelf-as-stored-upstream.spec.json.sig");

        IOException e = assertThrows(IOException.class, () -> KeySources.files(List.of(spec)).find(FPR));
        assertTrue(e.getMessage().contains(spec.toString()), e.getMessage());
    }

    /**
     * The real Spack files of {@code shared/fixtures/spack}, found beside the repository (as CI checks it out) or
     * beside any folder above it; the test is skipped when they are absent.
     */
    static Path spackFixture() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path fixture = dir.resolve("shared/fixtures/spack/v2_layout/signed/build_cache");
            if (Files.isDirectory(fixture)) {
                return fixture;
            }
        }
        assumeTrue(false, "shared/fixtures/spack not found beside the repository or above it: skipping the tests "
                + "over real Spack files");
        return null;
    }
}
