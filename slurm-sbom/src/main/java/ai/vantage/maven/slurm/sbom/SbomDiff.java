package ai.vantage.maven.slurm.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two SBOMs of a build (the locked one and upstream's now): per package name, the versions
 * before and after; a package whose versions differ changed, one only after appeared, one only before disappeared.
 * DAG hashes are left out: a rebuild changes every hash above a changed package, and what a scanner matches on is
 * the version.
 */
public final class SbomDiff {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One package that differs.
     *
     * @param name the package name
     * @param before its versions in the first SBOM, empty when it appeared
     * @param after its versions in the second SBOM, empty when it disappeared
     */
    public record Change(String name, Set<String> before, Set<String> after) {

        /** {@code changed}, {@code appeared} or {@code disappeared}. */
        public String kind() {
            return before.isEmpty() ? "appeared" : after.isEmpty() ? "disappeared" : "changed";
        }

        /** {@code openssl 3.0.13 -> 3.0.14}, {@code ucx appeared: 1.17.0}, {@code lz4 disappeared: 1.10.0}. */
        public String describe() {
            return switch (kind()) {
                case "appeared" -> name + " appeared: " + String.join(", ", after);
                case "disappeared" -> name + " disappeared: " + String.join(", ", before);
                default -> name + " " + String.join(", ", before) + " -> " + String.join(", ", after);
            };
        }
    }

    private final String before;
    private final String after;
    private final List<Change> changes;

    private SbomDiff(String before, String after, List<Change> changes) {
        this.before = before;
        this.after = after;
        this.changes = List.copyOf(changes);
    }

    /**
     * The differences from SBOM {@code before} to SBOM {@code after} (CycloneDX JSON).
     *
     * @throws IOException naming the document that is not a CycloneDX JSON SBOM
     */
    public static SbomDiff between(String beforeName, byte[] before, String afterName, byte[] after)
            throws IOException {
        Map<String, Set<String>> old = versions(beforeName, before);
        Map<String, Set<String>> now = versions(afterName, after);
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<Change> changes = new ArrayList<>();
        for (String name : names) {
            Set<String> was = old.getOrDefault(name, Set.of());
            Set<String> is = now.getOrDefault(name, Set.of());
            if (!was.equals(is)) {
                changes.add(new Change(name, was, is));
            }
        }
        return new SbomDiff(beforeName, afterName, changes);
    }

    private static Map<String, Set<String>> versions(String what, byte[] json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException(what + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !"CycloneDX".equals(root.path("bomFormat").asText())
                || !root.path("components").isArray()) {
            throw new IOException(what + " is not a CycloneDX JSON SBOM with components");
        }
        Map<String, Set<String>> versions = new TreeMap<>();
        for (JsonNode component : root.path("components")) {
            versions.computeIfAbsent(component.path("name").asText(), n -> new TreeSet<>())
                    .add(component.path("version").asText());
        }
        return versions;
    }

    /** The packages that differ, by name. */
    public List<Change> changes() {
        return changes;
    }

    /** One line per change, or one line saying there is none. */
    public List<String> lines() {
        if (changes.isEmpty()) {
            return List.of("No package version changed from " + before + " to " + after);
        }
        List<String> lines = new ArrayList<>();
        lines.add(changes.size() + " package(s) differ from " + before + " to " + after + ":");
        changes.forEach(change -> lines.add("  " + change.describe()));
        return lines;
    }

    /** {@code {"before": …, "after": …, "changes": [{"name", "kind", "before": [], "after": []}, …]}}. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("before", before);
        root.put("after", after);
        ArrayNode array = root.putArray("changes");
        for (Change change : changes) {
            ObjectNode node = array.addObject();
            node.put("name", change.name());
            node.put("kind", change.kind());
            change.before().forEach(node.putArray("before")::add);
            change.after().forEach(node.putArray("after")::add);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string failed", e);
        }
    }
}
