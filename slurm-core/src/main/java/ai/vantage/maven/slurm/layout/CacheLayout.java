package ai.vantage.maven.slurm.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where things are on the Slurm Factory cache: the tarball layout generations in the order they are probed, and
 * the Spack mirror keys that carry the signing key. The one place that knows the cache's key formats.
 */
public final class CacheLayout {

    /** Since 2026-06: per-architecture folders. */
    public static final LayoutGeneration CURRENT = new LayoutGeneration(
            "current", "{toolchain}/{series}/{arch}/slurm-{series}-{toolchain}-{arch}-software.tar.gz");

    /** 2025-11 to 2026-06, amd64 only. */
    public static final LayoutGeneration PREVIOUS =
            new LayoutGeneration("previous", "{toolchain}/{series}/slurm-{series}-{toolchain}-software.tar.gz");

    /** What the project's documentation describes; never seen live, amd64 only. */
    public static final LayoutGeneration DOCUMENTED =
            new LayoutGeneration("documented", "builds/{series}/{toolchain}/slurm-{series}-{toolchain}-software.tar.gz");

    /** The suffix of a tarball's detached, armored signature. */
    public static final String SIGNATURE_SUFFIX = ".asc";

    private static final List<LayoutGeneration> BUILT_IN = List.of(CURRENT, PREVIOUS, DOCUMENTED);

    private final List<LayoutGeneration> generations;

    private CacheLayout(List<LayoutGeneration> generations) {
        if (generations.isEmpty()) {
            throw new IllegalArgumentException("At least one layout generation is needed; built in: " + builtInNames());
        }
        this.generations = List.copyOf(generations);
    }

    /**
     * A layout from a comma-separated list: each entry the name of a built-in generation ({@code current},
     * {@code previous}, {@code documented}) or a template of one's own containing {@code {series}} and
     * {@code {toolchain}}.
     */
    public static CacheLayout parse(String spec) {
        List<LayoutGeneration> generations = new ArrayList<>();
        int custom = 0;
        for (String entry : spec.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.contains("{")) {
                generations.add(new LayoutGeneration("custom-" + ++custom, name));
            } else {
                generations.add(builtIn(name.toLowerCase(Locale.ROOT)));
            }
        }
        return new CacheLayout(generations);
    }

    private static LayoutGeneration builtIn(String name) {
        return BUILT_IN.stream()
                .filter(g -> g.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown layout generation '" + name
                        + "'; built in: " + builtInNames() + ", or a template with {series}, {toolchain} and {arch}"));
    }

    private static String builtInNames() {
        return String.join(", ", BUILT_IN.stream().map(LayoutGeneration::name).toList());
    }

    /** The generations in probing order. */
    public List<LayoutGeneration> generations() {
        return generations;
    }

    /** The generations that can hold {@code coordinate}, in probing order. */
    public List<LayoutGeneration> candidates(SlurmCoordinate coordinate) {
        return generations.stream().filter(g -> g.supports(coordinate.arch())).toList();
    }

    /** The root of the toolchain's Spack mirror, e.g. {@code noble/spack/}. */
    public static String spackMirror(Toolchain toolchain) {
        return toolchain.id() + "/spack/";
    }

    /** The Spack v3 key manifest of a signing key in the toolchain's mirror. */
    public static String keyManifestKey(Toolchain toolchain, String fingerprint) {
        return spackMirror(toolchain) + "v3/manifests/key/" + fingerprint + ".key.manifest.json";
    }

    /** A content-addressed blob in the toolchain's Spack mirror. */
    public static String blobKey(Toolchain toolchain, String algorithm, String checksum) {
        return spackMirror(toolchain) + "blobs/" + algorithm + "/" + checksum.substring(0, 2) + "/" + checksum;
    }

    /** The armored key of the older Spack v2 layout. */
    public static String legacyKeyKey(Toolchain toolchain, String fingerprint) {
        return spackMirror(toolchain) + "build_cache/_pgp/" + fingerprint + ".pub";
    }
}
