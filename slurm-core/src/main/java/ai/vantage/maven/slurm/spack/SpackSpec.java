package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.layout.Arch;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One concrete Spack spec node as an index or a spec file names it: package name, version, namespace, DAG hash and
 * architecture ({@code platform}, {@code platform_os}, {@code target}).
 *
 * @param name the package name, e.g. {@code slurm}
 * @param version the package version, e.g. {@code 25-11-6-1}
 * @param namespace the package repository's namespace, e.g. {@code slurm_factory}
 * @param hash the 32-character DAG hash
 * @param platformOs e.g. {@code ubuntu24.04}
 * @param target the microarchitecture, e.g. {@code x86_64_v3} or {@code neoverse_v2}
 * @param targetFamily the target's name and its ancestors' and vendor, lower case, to tell the CPU family
 */
public record SpackSpec(String name, String version, String namespace, String hash, String platformOs, String target,
        List<String> targetFamily) {

    private static final List<String> AMD64 = List.of("x86_64", "genuineintel", "authenticamd", "core2", "nocona");
    private static final List<String> ARM64 = List.of("aarch64", "armv8", "armv9", "neoverse", "arm", "apple", "m1",
            "m2", "a64fx", "thunderx2", "graviton");

    /** Reads a node; {@code target} may be a plain name or an object with {@code name}, {@code vendor}, {@code parents}. */
    static SpackSpec of(JsonNode node) {
        JsonNode arch = node.path("arch");
        JsonNode target = arch.path("target");
        List<String> family = new ArrayList<>();
        String targetName = target.isTextual() ? target.asText() : target.path("name").asText();
        family.add(targetName);
        target.path("parents").forEach(parent -> family.add(parent.asText()));
        if (target.hasNonNull("vendor")) {
            family.add(target.path("vendor").asText());
        }
        return new SpackSpec(node.path("name").asText(), node.path("version").asText(),
                node.path("namespace").asText(), node.path("hash").asText(), arch.path("platform_os").asText(),
                targetName, family.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** The cache's architecture for this spec's target, when its name, ancestors or vendor tell it. */
    public Optional<Arch> arch() {
        for (String part : targetFamily) {
            if (AMD64.stream().anyMatch(part::startsWith)) {
                return Optional.of(Arch.AMD64);
            }
            if (ARM64.stream().anyMatch(part::startsWith)) {
                return Optional.of(Arch.ARM64);
            }
        }
        return Optional.empty();
    }

    /** {@code name@version/hash}, as Spack prints a spec. */
    @Override
    public String toString() {
        return name + "@" + version + "/" + hash;
    }
}
