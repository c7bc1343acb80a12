package ai.vantage.maven.slurm.spack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spack's manifest, database and spec file formats, read from the real files of both layouts. */
class SpackFilesTest {

    @Test
    void v3IndexManifestNamesTheDatabaseBlob() throws Exception {
        Path mirror = SharedSpackFixture.v3Mirror();
        SpackManifest manifest = SpackManifest.parse("index manifest",
                Files.readAllBytes(mirror.resolve(SpackMirrorReader.INDEX_MANIFEST)));

        SpackManifest.Blob blob = manifest.blob("index manifest", SpackMirrorReader.DATABASE_MEDIA_TYPE);
        assertEquals("application/vnd.spack.db.v8+json", blob.mediaType());
        assertEquals("none", blob.compression());
        SpackDatabase database = SpackDatabase.parse("index", blob.open("index", Files.readAllBytes(mirror.resolve(blob.key()))));
        assertEquals(7, database.specs().size());
        assertEquals(2, database.specs("libdwarf", "builtin_mock").size());
        assertEquals(Arch.ARM64, database.specs("gcc", "builtin_mock").get(0).arch().orElseThrow(), "target 'aarch64'");
    }

    @Test
    void gzipBlobInflatesAfterItsChecksumMatches() throws Exception {
        Path mirror = SharedSpackFixture.v3Mirror();
        String text = Files.readString(mirror.resolve(
                "v3/manifests/spec/libelf/libelf-0.8.13-rqh2vuf6fqwkmipzgi2wjx352mq7y7ez.spec.manifest.json"));
        String json = text.substring(text.indexOf('{'), text.indexOf("-----BEGIN PGP SIGNATURE"));
        SpackManifest.Blob blob = SpackManifest.parse("spec manifest", json.getBytes(StandardCharsets.UTF_8))
                .blob("spec manifest", SpackMirrorReader.SPEC_MEDIA_TYPE);

        byte[] spec = blob.open("spec", Files.readAllBytes(mirror.resolve(blob.key())));
        SpackSpec libelf = SpackDag.parse("spec", spec, "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez").root().spec();
        assertEquals("libelf@0.8.13/rqh2vuf6fqwkmipzgi2wjx352mq7y7ez", libelf.toString());
        assertEquals("builtin_mock", libelf.namespace());
    }

    @Test
    void specFileDagHasEveryNodeEdgeTypeAndCompiler() throws Exception {
        Path mirror = SharedSpackFixture.v3Mirror();
        String manifest = Files.readString(mirror.resolve(
                "v3/manifests/spec/libdwarf/libdwarf-20130729-u5uz3dcch5if4eve4sef67o2rf2lbfgh.spec.manifest.json"));
        String json = manifest.substring(manifest.indexOf('{'), manifest.indexOf("-----BEGIN PGP SIGNATURE"));
        SpackManifest.Blob blob = SpackManifest.parse("m", json.getBytes(StandardCharsets.UTF_8))
                .blob("m", SpackMirrorReader.SPEC_MEDIA_TYPE);

        SpackDag dag = SpackDag.parse("spec", blob.open("spec", Files.readAllBytes(mirror.resolve(blob.key()))),
                "u5uz3dcch5if4eve4sef67o2rf2lbfgh");

        assertEquals(List.of("libdwarf", "compiler-wrapper", "gcc", "gcc-runtime", "libelf"),
                dag.nodes().stream().map(SpackNode::name).toList());
        SpackNode root = dag.root();
        assertEquals("gcc@10.2.1", root.compiler().orElseThrow(), "Spack 1.0: the edge providing c/cxx");
        assertEquals(List.of(true, true, false, false),
                root.dependencies().stream().map(SpackNode.Edge::buildOnly).toList());
        assertTrue(dag.node("vd7v4ssgnoqdplgxyig3orum67n4vmhq").orElseThrow().external(), "gcc is external");
        assertTrue(dag.node("qeehcxyvluwnihsc2qxstmpomtxo3lrc").orElseThrow().compiler().isEmpty());
    }

    @Test
    void specFileOfFormat4NamesItsCompilerOnTheNode() throws Exception {
        String text = Files.readString(SharedSpackFixture.v2BuildCache().resolve(
                "test-debian6-core2-gcc-10.2.1-libelf-0.8.13-rqh2vuf6fqwkmipzgi2wjx352mq7y7ez.spec.json.sig"));
        String json = text.substring(text.indexOf("\n\n") + 2, text.indexOf("-----BEGIN PGP SIGNATURE"));

        SpackNode libelf = SpackDag.parse("v2 spec", json.getBytes(StandardCharsets.UTF_8),
                "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez").root();
        assertEquals("gcc@10.2.1", libelf.compiler().orElseThrow());
        assertFalse(libelf.external());
    }

    @Test
    void edgeToANodeTheFileDoesNotListIsRefused() {
        String spec = "{\"spec\":{\"nodes\":[{\"name\":\"a\",\"version\":\"1\",\"hash\":\"h1\","
                + "\"dependencies\":[{\"name\":\"b\",\"hash\":\"h2\","
                + "\"parameters\":{\"deptypes\":[\"link\"]}}]}]}}";
        IOException e = assertThrows(IOException.class,
                () -> SpackDag.parse("spec", spec.getBytes(StandardCharsets.UTF_8), "h1"));
        assertTrue(e.getMessage().contains("depends on b/h2, which the spec file does not list"), e.getMessage());
    }

    @Test
    void blobOfOtherSizeIsRefused() throws Exception {
        SpackManifest.Blob blob = new SpackManifest.Blob(5, "x", "none",
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

        assertEquals("hello", new String(blob.open("hello", "hello".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class,
                () -> new SpackManifest.Blob(6, "x", "none", blob.checksum()).open("hello", "hello".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("5 bytes, the manifest says 6"), e.getMessage());
    }

    @Test
    void v2IndexIsTheSameDatabase() throws Exception {
        SpackDatabase database = SpackDatabase.parse("v2 index",
                Files.readAllBytes(SharedSpackFixture.v2BuildCache().resolve("index.json")));

        assertEquals(7, database.specs().size());
        List<SpackSpec> libelf = database.specs("libelf", "builtin.mock");
        assertEquals(2, libelf.size(), "v2's index still says builtin.mock");
    }

    @Test
    void v2ClearsignedSpecTextIsASpecFile() throws Exception {
        String text = Files.readString(SharedSpackFixture.v2BuildCache().resolve(
                "test-debian6-core2-gcc-10.2.1-libelf-0.8.13-rqh2vuf6fqwkmipzgi2wjx352mq7y7ez.spec.json.sig"));
        String json = text.substring(text.indexOf("\n\n") + 2, text.indexOf("-----BEGIN PGP SIGNATURE"));

        SpackSpec libelf = SpackDag.parse("v2 spec", json.getBytes(StandardCharsets.UTF_8),
                "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez").root().spec();
        assertEquals("0.8.13", libelf.version());
        assertEquals(Arch.AMD64, libelf.arch().orElseThrow());
        IOException e = assertThrows(IOException.class, () -> SpackDag.parse("v2 spec",
                json.getBytes(StandardCharsets.UTF_8), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertTrue(e.getMessage().contains("no node with hash"), e.getMessage());
    }

    @Test
    void manifestOfAnotherLayoutIsRefused() {
        IOException e = assertThrows(IOException.class, () -> SpackManifest.parse("m",
                "{\"version\":2,\"data\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a Spack version 3 manifest"), e.getMessage());
    }
}
