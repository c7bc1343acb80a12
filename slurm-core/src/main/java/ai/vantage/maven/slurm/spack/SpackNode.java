package ai.vantage.maven.slurm.spack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node of a concrete spec's DAG as its spec file has it: the package, its build and the edges to its
 * dependencies.
 *
 * @param spec name, version, namespace, DAG hash and architecture
 * @param platform e.g. {@code linux}
 * @param compiler {@code name@version} of the compiler that built it, when the spec says: the node's own
 *     {@code compiler} (spec format 4 and older) or the dependency that provides {@code c}, {@code cxx} or
 *     {@code fortran} (Spack 1.0); empty for nodes built by none
 * @param external whether Spack did not build it but found it on the build host ({@code external})
 * @param dependencies its edges, in the spec file's order
 */
public record SpackNode(SpackSpec spec, String platform, Optional<String> compiler, boolean external,
        List<Edge> dependencies) {

    private static final Set<String> COMPILER_VIRTUALS = Set.of("c", "cxx", "fortran");

    /**
     * An edge of the DAG.
     *
     * @param name the dependency's package name
     * @param hash the dependency's DAG hash
     * @param types Spack's dependency types, e.g. {@code [build, link]}
     * @param virtuals the virtual packages the dependency provides on this edge, e.g. {@code [c, cxx]}
     */
    public record Edge(String name, String hash, List<String> types, List<String> virtuals) {

        /** Whether the dependency is needed only to build (types {@code build}, {@code test}), not at run time. */
        public boolean buildOnly() {
            return !types.contains("link") && !types.contains("run");
        }
    }

    /** The package name. */
    public String name() {
        return spec.name();
    }

    /** The package version as Spack has it. */
    public String version() {
        return spec.version();
    }

    /** The DAG hash. */
    public String hash() {
        return spec.hash();
    }

    /** Reads a node of a spec file's {@code spec.nodes}; {@code nodes} resolves the compiler edge's version. */
    static SpackNode of(JsonNode node, JsonNode nodes) {
        List<Edge> edges = new ArrayList<>();
        for (JsonNode dependency : node.path("dependencies")) {
            JsonNode parameters = dependency.path("parameters");
            JsonNode types = parameters.has("deptypes") ? parameters.path("deptypes") : dependency.path("type");
            edges.add(new Edge(dependency.path("name").asText(), dependency.path("hash").asText(), texts(types),
                    texts(parameters.path("virtuals"))));
        }
        Optional<String> compiler = Optional.empty();
        JsonNode own = node.path("compiler");
        if (own.hasNonNull("name")) {
            compiler = Optional.of(own.path("name").asText() + "@" + own.path("version").asText());
        } else {
            compiler = edges.stream()
                    .filter(e -> e.virtuals().stream().anyMatch(COMPILER_VIRTUALS::contains))
                    .findFirst()
                    .flatMap(e -> versionOf(nodes, e.hash()).map(version -> e.name() + "@" + version));
        }
        return new SpackNode(SpackSpec.of(node), node.path("arch").path("platform").asText(), compiler,
                node.hasNonNull("external"), List.copyOf(edges));
    }

    private static Optional<String> versionOf(JsonNode nodes, String hash) {
        for (JsonNode node : nodes) {
            if (node.path("hash").asText().equals(hash)) {
                return Optional.of(node.path("version").asText());
            }
        }
        return Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return List.copyOf(texts);
    }
}
