package ai.vantage.maven.slurm.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FileTrees;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v3 mirror reader over the real Spack 1.0 mirror of {@code shared/fixtures/spack}, intact and tampered with. */
class SpackMirrorReaderTest {

    private static final String INDEX_BLOB = "81a5add9d75b27fc4d16a4f72685b54903973366531b98c65e8cf5376758a817";
    private static final String LIBELF_CORE2 = "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez";
    private static final String LIBELF_MANIFEST =
            "v3/manifests/spec/libelf/libelf-0.8.13-" + LIBELF_CORE2 + ".spec.manifest.json";

    @TempDir
    Path temp;

    private static SpackMirrorReader reader(Path mirror, String pinned) {
        UpstreamClient client = new UpstreamClient(UpstreamSettings.of(List.of(mirror.toUri().toString()),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ZERO), UpstreamListener.NONE);
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.parse(pinned))
                .keyFiles(List.of(SharedSpackFixture.v3Mirror().resolve(SharedSpackFixture.V3_KEY_BLOB)))
                .build();
        return new SpackMirrorReader(client, verifier);
    }

    @Test
    void realMirrorYieldsEachSignedSpecOfThePackage() throws Exception {
        List<SignedSpec> specs = reader(SharedSpackFixture.v3Mirror(), SharedSpackFixture.V3_KEY)
                .signedSpecs("", "libelf", "builtin_mock");

        assertEquals(2, specs.size(), specs.toString());
        Map<String, SpackSpec> byHash =
                specs.stream().map(SignedSpec::spec).collect(Collectors.toMap(SpackSpec::hash, s -> s));
        assertEquals(Set.of(LIBELF_CORE2, "jr3yipyxyjulcdvckwwwjrrumis7glpa"), byHash.keySet());
        assertEquals("0.8.13", byHash.get(LIBELF_CORE2).version());
        assertEquals("core2", byHash.get(LIBELF_CORE2).target());
        assertEquals("debian6", byHash.get(LIBELF_CORE2).platformOs());
        assertEquals(Arch.AMD64, byHash.get(LIBELF_CORE2).arch().orElseThrow());
        assertEquals(Arch.ARM64, byHash.get("jr3yipyxyjulcdvckwwwjrrumis7glpa").arch().orElseThrow(), "Apple m1");
        for (SignedSpec spec : specs) {
            assertEquals(SharedSpackFixture.V3_KEY, spec.signature().primaryFingerprint());
            assertTrue(spec.signature().artifact().endsWith(".spec.manifest.json"), spec.signature().artifact());
        }
    }

    @Test
    void otherNamespaceOrPackageYieldsNothing() throws Exception {
        SpackMirrorReader reader = reader(SharedSpackFixture.v3Mirror(), SharedSpackFixture.V3_KEY);

        assertEquals(List.of(), reader.signedSpecs("", "libelf", SpackMirrorReader.SLURM_NAMESPACE));
        assertEquals(List.of(), reader.signedSpecs("", SpackMirrorReader.SLURM_PACKAGE, "builtin_mock"));
    }

    @Test
    void specManifestAlteredAfterSigningIsRefused() throws Exception {
        Path mirror = FileTrees.copy(SharedSpackFixture.v3Mirror(), temp.resolve("mirror"));
        Path manifest = mirror.resolve(LIBELF_MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"contentLength\":396", "\"contentLength\":397"));

        VerificationException e = assertThrows(VerificationException.class,
                () -> reader(mirror, SharedSpackFixture.V3_KEY).signedSpecs("", "libelf", "builtin_mock"));
        assertEquals(Reason.BAD_SIGNATURE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(LIBELF_MANIFEST), e.getMessage());
    }

    @Test
    void unsignedSpecManifestIsRefused() throws Exception {
        Path mirror = FileTrees.copy(SharedSpackFixture.v3Mirror(), temp.resolve("mirror"));
        Path manifest = mirror.resolve(LIBELF_MANIFEST);
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.substring(text.indexOf('{'), text.indexOf("-----BEGIN PGP SIGNATURE")));

        VerificationException e = assertThrows(VerificationException.class,
                () -> reader(mirror, SharedSpackFixture.V3_KEY).signedSpecs("", "libelf", "builtin_mock"));
        assertEquals(Reason.NOT_A_SIGNATURE, e.reason(), e.getMessage());
    }

    @Test
    void specManifestByAnUnpinnedKeyIsRefused() {
        Path mirror = SharedSpackFixture.v3Mirror(); // skips, saying why, where shared/ is absent
        VerificationException e = assertThrows(VerificationException.class,
                () -> reader(mirror, "FDEA90667641505264EFD114DFB92630BCA5AB71")
                        .signedSpecs("", "libelf", "builtin_mock"));
        assertEquals(Reason.UNTRUSTED_KEY, e.reason(), e.getMessage());
    }

    @Test
    void indexBlobThatIsNotTheOneItsManifestNamesIsRefused() throws Exception {
        Path mirror = FileTrees.copy(SharedSpackFixture.v3Mirror(), temp.resolve("mirror"));
        Path blob = mirror.resolve("blobs/sha256/81/" + INDEX_BLOB);
        Files.writeString(blob, Files.readString(blob).replace("0.8.13", "0.8.14"));

        IOException e = assertThrows(IOException.class,
                () -> reader(mirror, SharedSpackFixture.V3_KEY).signedSpecs("", "libelf", "builtin_mock"));
        assertTrue(e.getMessage().contains("the manifest names " + INDEX_BLOB), e.getMessage());
    }

    @Test
    void indexThatContradictsTheSignedSpecIsRefused() throws Exception {
        // The index and its manifest are unsigned: rewrite both consistently, and copy the (intact) signed spec
        // manifest to the name the forged version gives it.
        Path mirror = FileTrees.copy(SharedSpackFixture.v3Mirror(), temp.resolve("mirror"));
        byte[] forged = Files.readString(mirror.resolve("blobs/sha256/81/" + INDEX_BLOB))
                .replace("\"name\":\"libelf\",\"version\":\"0.8.13\"", "\"name\":\"libelf\",\"version\":\"0.9.0\"")
                .getBytes(StandardCharsets.UTF_8);
        String sha256 = Checksums.of(forged).get("sha256");
        Files.createDirectories(mirror.resolve("blobs/sha256/" + sha256.substring(0, 2)));
        Files.write(mirror.resolve("blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256), forged);
        Path indexManifest = mirror.resolve(SpackMirrorReader.INDEX_MANIFEST);
        Files.writeString(indexManifest, Files.readString(indexManifest).replace(INDEX_BLOB, sha256)
                .replace("6473", Integer.toString(forged.length)));
        Files.copy(mirror.resolve(LIBELF_MANIFEST),
                mirror.resolve(LIBELF_MANIFEST.replace("libelf-0.8.13-", "libelf-0.9.0-")));

        IOException e = assertThrows(IOException.class,
                () -> reader(mirror, SharedSpackFixture.V3_KEY).signedSpecs("", "libelf", "builtin_mock"));
        assertTrue(e.getMessage().contains("index lists builtin_mock.libelf@0.9.0/" + LIBELF_CORE2
                + ", but the signed spec with that hash is builtin_mock.libelf@0.8.13"), e.getMessage());
    }

    @Test
    void missingSignedSpecManifestIsNamed() throws Exception {
        Path mirror = FileTrees.copy(SharedSpackFixture.v3Mirror(), temp.resolve("mirror"));
        Files.delete(mirror.resolve(LIBELF_MANIFEST));

        IOException e = assertThrows(IOException.class,
                () -> reader(mirror, SharedSpackFixture.V3_KEY).signedSpecs("", "libelf", "builtin_mock"));
        assertTrue(e.getMessage().contains("signed spec manifest of libelf@0.8.13/" + LIBELF_CORE2), e.getMessage());
        assertTrue(e.getMessage().contains(LIBELF_MANIFEST + " is missing"), e.getMessage());
    }
}
