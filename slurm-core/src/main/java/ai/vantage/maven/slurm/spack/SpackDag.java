package ai.vantage.maven.slurm.spack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DAG of one concrete spec as its spec file ({@code {"spec": {"nodes": [ … ]}}}) lists it: every node once, keyed
 * by DAG hash, each edge pointing at a node of the same file.
 */
public final class SpackDag {

    private final String rootHash;
    private final Map<String, SpackNode> nodes;

    private SpackDag(String rootHash, Map<String, SpackNode> nodes) {
        this.rootHash = rootHash;
        this.nodes = nodes;
    }

    /**
     * Reads the DAG rooted at the node with hash {@code rootHash}.
     *
     * @param what the spec file's display name, used in messages
     * @throws IOException when it is not a spec file, has no such root, lists a hash twice, or an edge points at a
     *     node it does not list
     */
    public static SpackDag parse(String what, byte[] specFile, String rootHash) throws IOException {
        JsonNode array = SpackJson.read(what, specFile).path("spec").path("nodes");
        if (!array.isArray()) {
            throw new IOException(what + " is not a Spack spec file ({\"spec\":{\"nodes\":[…]}})");
        }
        Map<String, SpackNode> nodes = new LinkedHashMap<>();
        for (JsonNode json : array) {
            SpackNode node = SpackNode.of(json, array);
            if (nodes.putIfAbsent(node.hash(), node) != null) {
                throw new IOException(what + " lists the node " + node.spec() + " twice");
            }
        }
        if (!nodes.containsKey(rootHash)) {
            throw new IOException(what + " has no node with hash " + rootHash);
        }
        for (SpackNode node : nodes.values()) {
            for (SpackNode.Edge edge : node.dependencies()) {
                if (!nodes.containsKey(edge.hash())) {
                    throw new IOException(what + ": " + node.spec() + " depends on " + edge.name() + "/"
                            + edge.hash() + ", which the spec file does not list");
                }
            }
        }
        return new SpackDag(rootHash, nodes);
    }

    /** The root node: the package the spec file is for. */
    public SpackNode root() {
        return nodes.get(rootHash);
    }

    /** Every node once, in the spec file's order. */
    public List<SpackNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** The node with DAG hash {@code hash}. */
    public Optional<SpackNode> node(String hash) {
        return Optional.ofNullable(nodes.get(hash));
    }
}
