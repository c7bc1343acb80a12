package ai.vantage.maven.slurm.spack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A build cache's index: Spack's database JSON ({@code {"database": {"version": …, "installs": {<hash>: {"spec":
 * {…}}}}}}), the blob an index manifest (layout v3) names, or {@code build_cache/index.json} (layout v2). Unsigned in
 * both layouts: it says what the mirror lists, not who built it.
 */
public final class SpackDatabase {

    private final List<SpackSpec> specs;

    private SpackDatabase(List<SpackSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    /**
     * Reads the database JSON.
     *
     * @throws IOException when it is not JSON or has no {@code database.installs} object
     */
    public static SpackDatabase parse(String what, byte[] json) throws IOException {
        JsonNode installs = SpackJson.read(what, json).path("database").path("installs");
        if (!installs.isObject()) {
            throw new IOException(what + " is not a Spack database ({\"database\":{\"installs\":{…}}})");
        }
        List<SpackSpec> specs = new ArrayList<>();
        installs.forEach(install -> specs.add(SpackSpec.of(install.path("spec"))));
        return new SpackDatabase(specs);
    }

    /** All specs, in the index's order. */
    public List<SpackSpec> specs() {
        return specs;
    }

    /** The specs of package {@code name} in {@code namespace}. */
    public List<SpackSpec> specs(String name, String namespace) {
        return specs.stream().filter(s -> s.name().equals(name) && s.namespace().equals(namespace)).toList();
    }
}
