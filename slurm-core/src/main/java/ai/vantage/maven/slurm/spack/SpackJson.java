package ai.vantage.maven.slurm.spack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads the JSON documents of a Spack build cache, naming the document when one is not JSON. */
final class SpackJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpackJson() {}

    /**
     * The document's tree, {@link com.fasterxml.jackson.databind.node.MissingNode} when it is empty.
     *
     * @throws IOException "{@code what} is not JSON: …"
     */
    static JsonNode read(String what, byte[] json) throws IOException {
        try {
            JsonNode root = MAPPER.readTree(json);
            return root == null ? MAPPER.missingNode() : root;
        } catch (IOException e) {
            throw new IOException(what + " is not JSON: " + e.getMessage(), e);
        }
    }
}
