package ai.vantage.maven.slurm.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.spack.SignedSpec;
import ai.vantage.maven.slurm.spack.SlurmSpackRelease;
import ai.vantage.maven.slurm.spack.SpackDag;
import ai.vantage.maven.slurm.spack.SpackMirrorReader;
import ai.vantage.maven.slurm.spack.SpackNode;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamListener;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBOMs of signed Spack specs: the fixture's Slurm Factory-shaped DAG and the real Spack 1.0 mirror's DAGs. */
class SlurmSbomTest {

    private static final String SHA256 = "a".repeat(64);
    private static final String SHA512 = "b".repeat(128);

    private static FixtureKey key;

    @TempDir
    Path root;

    @BeforeAll
    static void generate() {
        key = FixtureKey.generate("Fixture Signer <fixture@example.invalid>");
    }

    static SpackMirrorReader reader(Path cacheRoot, Path keyFile, String fingerprint) {
        UpstreamClient client = new UpstreamClient(UpstreamSettings.of(List.of(cacheRoot.toUri().toString()),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ZERO), UpstreamListener.NONE);
        return new SpackMirrorReader(client, SignatureVerifier.builder(TrustedKeys.parse(fingerprint))
                .keyFiles(List.of(keyFile)).build());
    }

    private SlurmSpackRelease fixtureRelease(FixtureSpackMirror mirror) throws Exception {
        key.writePublicKey(root.resolve("fixture.asc"));
        mirror.slurm("25-11-6-1", Arch.AMD64).write();
        return reader(root.resolve("cache"), root.resolve("fixture.asc"), key.fingerprint())
                .slurmReleases(Toolchain.NOBLE).get(0);
    }

    private FixtureCache cache;

    private FixtureSpackMirror mirror() throws Exception {
        if (cache == null) {
            cache = FixtureCache.create(root.resolve("cache"), key);
        }
        return FixtureSpackMirror.of(cache, Toolchain.NOBLE);
    }

    private static Bom parse(SlurmSbom sbom) throws Exception {
        JsonParser parser = new JsonParser();
        assertEquals(List.of(), parser.validate(sbom.json(), Version.VERSION_16));
        return parser.parse(sbom.json());
    }

    private static List<String> values(Component component, String name) {
        List<Property> properties = component.getProperties() == null ? List.of() : component.getProperties();
        return properties.stream().filter(p -> p.getName().equals(name)).map(Property::getValue).toList();
    }

    /** Every DAG node once, and the dependencies (and build-only properties) equal the spec's edges. */
    private static void assertDagEquals(SpackDag dag, Bom bom, SbomAssembler refs) {
        Map<String, Component> byHash = new HashMap<>();
        for (Component component : bom.getComponents()) {
            String hash = values(component, SbomAssembler.PROPERTY_PREFIX + "spack:hash").get(0);
            assertNull(byHash.put(hash, component), "node " + hash + " listed twice");
        }
        assertEquals(dag.nodes().stream().map(SpackNode::hash).collect(Collectors.toSet()), byHash.keySet());
        Map<String, Set<String>> graph = new HashMap<>();
        for (Dependency dependency : bom.getDependencies()) {
            graph.put(dependency.getRef(), dependency.getDependencies() == null ? Set.of()
                    : dependency.getDependencies().stream().map(Dependency::getRef).collect(Collectors.toSet()));
        }
        for (SpackNode node : dag.nodes()) {
            Component component = byHash.get(node.hash());
            assertEquals(component.getBomRef(), refs.ref(node.hash()));
            assertEquals(node.dependencies().stream().map(e -> refs.ref(e.hash())).collect(Collectors.toSet()),
                    graph.get(component.getBomRef()), node.name() + "'s edges");
            assertEquals(new TreeSet<>(node.dependencies().stream().filter(SpackNode.Edge::buildOnly)
                            .map(e -> refs.ref(e.hash())).toList()),
                    new TreeSet<>(values(component, SbomAssembler.BUILD_ONLY_DEPENDENCY)), node.name() + "'s build");
        }
        assertEquals(Set.of(refs.ref(dag.root().hash())), graph.get(refs.buildRef()));
        assertEquals(dag.nodes().size() + 1, graph.size());
    }

    @Test
    void fixtureDagMakesAValidSbomOfEveryNodeAndEdge() throws Exception {
        SlurmSpackRelease release = fixtureRelease(mirror());
        SlurmBuild build = new SlurmBuild(release, "https://cache.example/noble/25.11/amd64/slurm.tar.gz",
                Map.of("sha256", SHA256, "sha512", SHA512));

        SlurmSbom sbom = SlurmSbom.of(build);
        Bom bom = parse(sbom);

        SpackDag dag = release.signed().dag();
        assertEquals(14, dag.nodes().size());
        assertDagEquals(dag, bom, new SbomAssembler(build));
        assertEquals("14 components; Slurm has 11 direct dependencies (8 at run time)", sbom.summary());
        Component slurm = bom.getMetadata().getComponent();
        assertEquals("pkg:maven/ai.vantage/slurm@25.11.6?classifier=noble&type=tar.gz", slurm.getPurl());
        assertEquals("25.11.6", slurm.getVersion());
        assertEquals(List.of("SHA-256:" + SHA256, "SHA-512:" + SHA512),
                slurm.getHashes().stream().map(h -> h.getAlgorithm() + ":" + h.getValue()).toList());
        assertEquals(List.of("noble"), values(slurm, "ai.vantage.slurm:toolchain"));
        assertEquals(List.of("amd64"), values(slurm, "ai.vantage.slurm:arch"));
        assertEquals(List.of(build.cacheKeyUrl()), values(slurm, "ai.vantage.slurm:cache-key-url"));
        assertEquals(List.of(key.fingerprint()), values(slurm, "ai.vantage.slurm:signer-fingerprint"));
        assertEquals(List.of(release.spec().hash()), values(slurm, "ai.vantage.slurm:spack-dag-hash"));
        assertEquals(List.of(release.signature().signatureTime().toString()),
                values(slurm, "ai.vantage.slurm:signature-time"));
        assertEquals(Date.from(release.signature().signatureTime()), bom.getMetadata().getTimestamp());
        assertEquals("slurm-maven-bridge", bom.getMetadata().getToolChoice().getComponents().get(0).getName());
    }

    @Test
    void componentsCarryPurlCpeSupplierAndScope() throws Exception {
        SlurmBuild build = new SlurmBuild(fixtureRelease(mirror()), "https://cache.example/k", Map.of());

        Map<String, Component> byName = parse(SlurmSbom.of(build)).getComponents().stream()
                .collect(Collectors.toMap(Component::getName, c -> c));

        Component openssl = byName.get("openssl");
        assertEquals("cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*", openssl.getCpe());
        assertEquals("OpenSSL Project", openssl.getSupplier().getName());
        assertTrue(openssl.getPurl().matches("pkg:generic/openssl@3\\.0\\.13\\?arch=x86_64_v3"
                + "&compiler=gcc%4013\\.3\\.0&spack_hash=[a-z2-7]{32}"), openssl.getPurl());
        assertEquals(Component.Scope.REQUIRED, openssl.getScope());
        Component slurm = byName.get("slurm");
        assertEquals("25.11.6", slurm.getVersion());
        assertEquals("cpe:2.3:a:schedmd:slurm:25.11.6:*:*:*:*:*:*:*", slurm.getCpe());
        assertEquals(List.of("25-11-6-1"), values(slurm, "ai.vantage.slurm:spack:version"));
        assertEquals("cpe:2.3:a:opensuse:munge:0.5.16:*:*:*:*:*:*:*", byName.get("munge").getCpe());
        assertEquals("cpe:2.3:a:openpmix:openpmix:5.0.3:*:*:*:*:*:*:*", byName.get("pmix").getCpe());
        assertNull(byName.get("pkgconf").getCpe(), "no row, no CPE: never guessed");
        for (String buildOnly : List.of("gcc", "compiler-wrapper", "pkgconf")) {
            assertEquals(Component.Scope.EXCLUDED, byName.get(buildOnly).getScope(), buildOnly);
        }
        assertEquals(List.of("true"), values(byName.get("gcc"), "ai.vantage.slurm:spack:external"));
        assertTrue(byName.get("gcc").getPurl().startsWith("pkg:generic/gcc@13.3.0?arch="), "no compiler qualifier");
    }

    @Test
    void sameInputGivesSameBytesAndAnotherSpecAnotherSerial() throws Exception {
        SlurmSpackRelease release = fixtureRelease(mirror());
        SlurmBuild build = new SlurmBuild(release, "https://cache.example/k", Map.of("sha256", SHA256));

        SlurmSbom first = SlurmSbom.of(build);
        SlurmSbom second = SlurmSbom.of(new SlurmBuild(release, "https://cache.example/k", Map.of("sha256", SHA256)));
        assertArrayEquals(first.json(), second.json());

        SlurmSpackRelease rebuilt = fixtureRelease(mirror().dependency("openssl", "3.0.14"));
        Bom other = parse(SlurmSbom.of(new SlurmBuild(rebuilt, "https://cache.example/k", Map.of("sha256", SHA256))));
        assertNotEquals(parse(first).getSerialNumber(), other.getSerialNumber());
        assertNotEquals(release.spec().hash(), rebuilt.spec().hash(), "a changed dependency changes Slurm's hash");
        String serial = parse(first).getSerialNumber();
        assertTrue(serial.matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                serial);
    }

    @Test
    void javaScriptLibrarysStrictValidatorAcceptsIt() throws Exception {
        SlurmBuild build = new SlurmBuild(fixtureRelease(mirror()), "https://cache.example/k",
                Map.of("sha256", SHA256, "sha512", SHA512));
        Path file = Files.write(root.resolve(SlurmSbom.FILE_NAME), SlurmSbom.of(build).json());

        NodeValidator.Result result = NodeValidator.validate(List.of(file));

        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("valid: " + file.toAbsolutePath()), result.output());
    }

    @Test
    void realSpackDagsOfBothSpecFormatsMakeValidSboms() throws Exception {
        Path mirror = SharedSpack.v3Mirror();
        SpackMirrorReader reader = reader(mirror, mirror.resolve(SharedSpack.V3_KEY_BLOB), SharedSpack.V3_KEY);
        List<SignedSpec> specs = reader.signedSpecs("", "libdwarf", "builtin_mock");
        assertEquals(2, specs.size());

        for (SignedSpec signed : specs) {
            // the real DAG stands in for Slurm's: the builder reads nothing Slurm-specific from the nodes
            SlurmSpackRelease release = new SlurmSpackRelease(Toolchain.NOBLE, signed.spec().arch().orElseThrow(),
                    ExactRelease.ofSpack("25-11-6-1"), signed);
            SlurmBuild build = new SlurmBuild(release, "https://cache.example/k", Map.of());
            Bom bom = parse(SlurmSbom.of(build));

            assertDagEquals(signed.dag(), bom, new SbomAssembler(build));
            Component libelf = bom.getComponents().stream().filter(c -> c.getName().equals("libelf")).findFirst()
                    .orElseThrow();
            assertEquals(List.of("gcc@10.2.1"), values(libelf, "ai.vantage.slurm:spack:compiler"), "v4 and v5");
        }
        assertFalse(specs.get(0).dag().nodes().size() == specs.get(1).dag().nodes().size(), "v5 lists gcc nodes");
    }
}
