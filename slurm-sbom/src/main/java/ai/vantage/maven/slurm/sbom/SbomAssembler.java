package ai.vantage.maven.slurm.sbom;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.spack.SignedSpec;
import ai.vantage.maven.slurm.spack.SpackDag;
import ai.vantage.maven.slurm.spack.SpackNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Assembles the CycloneDX model of one {@link SlurmBuild}: {@code metadata.component} is the published build (its
 * Maven coordinate, tarball hashes, toolchain, signer), {@code components} every node of the signed DAG once,
 * {@code dependencies} every edge of the DAG, build-only edges named by a property of the dependent component and
 * components that only building needs marked {@code scope: excluded}. Every list is sorted, so that the same build
 * gives the same model.
 */
final class SbomAssembler {

    /** Property names of this project: {@code ai.vantage.slurm:…}. */
    static final String PROPERTY_PREFIX = "ai.vantage.slurm:";

    /** The property a component carries once per build-only dependency, its value the dependency's bom-ref. */
    static final String BUILD_ONLY_DEPENDENCY = PROPERTY_PREFIX + "spack:build-only-dependency";

    private static final Comparator<SpackNode> NODE_ORDER = Comparator.comparing(SpackNode::name)
            .thenComparing(SpackNode::version)
            .thenComparing(SpackNode::hash);

    private final SlurmBuild build;
    private final SpackDag dag;
    private final Map<String, String> refs = new HashMap<>();

    SbomAssembler(SlurmBuild build) {
        this.build = build;
        this.dag = build.release().signed().dag();
        dag.nodes().forEach(node -> refs.put(node.hash(), purl(node)));
    }

    Bom assemble() {
        Bom bom = new Bom();
        SignedSpec signed = build.release().signed();
        String name = "spack-spec-sha256:" + signed.specBlobSha256();
        if (build.tarballChecksums().containsKey("sha256")) {
            name += " tarball-sha256:" + build.tarballChecksums().get("sha256");
        }
        bom.setSerialNumber(SerialNumber.of(name));
        bom.setVersion(1);
        bom.setMetadata(metadata());
        Set<String> runtime = runtimeClosure();
        List<SpackNode> nodes = dag.nodes();
        nodes.sort(NODE_ORDER);
        List<Component> components = new ArrayList<>();
        for (SpackNode node : nodes) {
            components.add(component(node, runtime.contains(node.hash())));
        }
        bom.setComponents(components);
        bom.setDependencies(dependencies(nodes));
        return bom;
    }

    /** The bom-ref (and purl) of the DAG's node {@code hash}. */
    String ref(String hash) {
        return refs.get(hash);
    }

    /** The bom-ref of {@code metadata.component}: the build's Maven coordinate as a purl. */
    String buildRef() {
        try {
            return PackageURLBuilder.aPackageURL().withType(PackageURL.StandardTypes.MAVEN)
                    .withNamespace(SlurmCoordinate.GROUP_ID).withName(SlurmCoordinate.ARTIFACT_ID)
                    .withVersion(build.release().release().mavenVersion())
                    .withQualifier("classifier", build.classifier())
                    .withQualifier("type", SlurmCoordinate.EXTENSION)
                    .build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalStateException("Malformed purl of " + build.classifier(), e);
        }
    }

    private Metadata metadata() {
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(build.release().signature().signatureTime()));
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool()));
        metadata.setToolChoice(tools);
        Component slurm = new Component();
        slurm.setType(Component.Type.APPLICATION);
        slurm.setBomRef(buildRef());
        slurm.setGroup(SlurmCoordinate.GROUP_ID);
        slurm.setName(SlurmCoordinate.ARTIFACT_ID);
        slurm.setVersion(build.release().release().mavenVersion());
        slurm.setDescription("Slurm " + build.release().release() + " built by Slurm Factory for "
                + build.release().toolchain().id() + " " + build.release().arch().id());
        slurm.setPurl(buildRef());
        List<Hash> hashes = new ArrayList<>();
        String sha256 = build.tarballChecksums().get("sha256");
        String sha512 = build.tarballChecksums().get("sha512");
        if (sha256 != null) {
            hashes.add(new Hash(Hash.Algorithm.SHA_256, sha256));
        }
        if (sha512 != null) {
            hashes.add(new Hash(Hash.Algorithm.SHA_512, sha512));
        }
        if (!hashes.isEmpty()) {
            slurm.setHashes(hashes);
        }
        SignedSpec signed = build.release().signed();
        slurm.setProperties(sorted(List.of(
                property("arch", build.release().arch().id()),
                property("cache-key-url", build.cacheKeyUrl()),
                property("signature-time", signed.signature().signatureTime().toString()),
                property("signer-fingerprint", signed.signature().primaryFingerprint()),
                property("spack-dag-hash", signed.spec().hash()),
                property("spack-spec-sha256", signed.specBlobSha256()),
                property("toolchain", build.release().toolchain().id()))));
        metadata.setComponent(slurm);
        return metadata;
    }

    private Component component(SpackNode node, boolean runtime) {
        Component component = new Component();
        component.setType(node == dag.root() ? Component.Type.APPLICATION : Component.Type.LIBRARY);
        component.setBomRef(ref(node.hash()));
        component.setName(node.name());
        component.setVersion(version(node));
        component.setPurl(ref(node.hash()));
        component.setScope(runtime ? Component.Scope.REQUIRED : Component.Scope.EXCLUDED);
        KnownPackages.of(node.name()).ifPresent(known -> {
            OrganizationalEntity supplier = new OrganizationalEntity();
            supplier.setName(known.supplier());
            component.setSupplier(supplier);
            known.cpe(version(node)).ifPresent(component::setCpe);
        });
        List<Property> properties = new ArrayList<>();
        properties.add(property("spack:hash", node.hash()));
        properties.add(property("spack:namespace", node.spec().namespace()));
        properties.add(property("spack:version", node.version()));
        properties.add(property("spack:platform-os", node.spec().platformOs()));
        properties.add(property("spack:target", node.spec().target()));
        node.compiler().ifPresent(compiler -> properties.add(property("spack:compiler", compiler)));
        if (node.external()) {
            properties.add(property("spack:external", "true"));
        }
        for (SpackNode.Edge edge : node.dependencies()) {
            if (edge.buildOnly()) {
                properties.add(new Property(BUILD_ONLY_DEPENDENCY, ref(edge.hash())));
            }
        }
        component.setProperties(sorted(properties));
        return component;
    }

    private List<Dependency> dependencies(List<SpackNode> nodes) {
        List<Dependency> dependencies = new ArrayList<>();
        Dependency buildDependency = new Dependency(buildRef());
        buildDependency.addDependency(new Dependency(ref(dag.root().hash())));
        dependencies.add(buildDependency);
        for (SpackNode node : nodes) {
            Dependency dependency = new Dependency(ref(node.hash()));
            node.dependencies().stream().map(edge -> ref(edge.hash())).distinct().sorted()
                    .forEach(ref -> dependency.addDependency(new Dependency(ref)));
            dependencies.add(dependency);
        }
        dependencies.sort(Comparator.comparing(Dependency::getRef));
        return dependencies;
    }

    /** The hashes of the root and of every node it reaches through link or run edges. */
    private Set<String> runtimeClosure() {
        Set<String> reached = new HashSet<>();
        Deque<SpackNode> todo = new ArrayDeque<>(List.of(dag.root()));
        while (!todo.isEmpty()) {
            SpackNode node = todo.pop();
            if (reached.add(node.hash())) {
                node.dependencies().stream().filter(edge -> !edge.buildOnly())
                        .forEach(edge -> todo.push(dag.node(edge.hash()).orElseThrow()));
            }
        }
        return reached;
    }

    /** The upstream version: Slurm's exact release for the Slurm node (Spack's is {@code 25-11-6-1}). */
    private String version(SpackNode node) {
        return node == dag.root() ? build.release().release().mavenVersion() : node.version();
    }

    /**
     * {@code pkg:generic/<name>@<version>?arch=<target>&compiler=<compiler>&spack_hash=<hash>}: no purl type is
     * registered for Spack (package-url/purl-spec issue 895), and the package's own ecosystem is not one either.
     */
    private String purl(SpackNode node) {
        try {
            PackageURLBuilder purl = PackageURLBuilder.aPackageURL().withType(PackageURL.StandardTypes.GENERIC)
                    .withName(node.name()).withVersion(version(node))
                    .withQualifier("arch", node.spec().target())
                    .withQualifier("spack_hash", node.hash());
            node.compiler().ifPresent(compiler -> purl.withQualifier("compiler", compiler));
            return purl.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("Spack node " + node.spec() + " makes no purl: " + e.getMessage(), e);
        }
    }

    private static Component tool() {
        Properties tool = new Properties();
        try (InputStream in = SbomAssembler.class.getResourceAsStream("tool.properties")) {
            if (in == null) {
                throw new IllegalStateException("tool.properties is missing from the class path");
            }
            tool.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Component component = new Component();
        component.setType(Component.Type.APPLICATION);
        component.setGroup(tool.getProperty("group"));
        component.setName(tool.getProperty("name"));
        component.setVersion(tool.getProperty("version"));
        return component;
    }

    private static Property property(String name, String value) {
        return new Property(PROPERTY_PREFIX + name, value);
    }

    private static List<Property> sorted(List<Property> properties) {
        List<Property> sorted = new ArrayList<>(properties);
        sorted.sort(Comparator.comparing(Property::getName).thenComparing(Property::getValue));
        return sorted;
    }
}
