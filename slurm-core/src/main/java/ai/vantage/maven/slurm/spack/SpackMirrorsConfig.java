package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Spack's {@code mirrors.yaml} for a toolchain's Slurm Factory mirrors, in the generation the cache has: the current
 * one mirror {@code {toolchain}/spack/}, else the older pair {@code {toolchain}/slurm/deps/} and
 * {@code {toolchain}/slurm/{series}/}. Every mirror is {@code signed: true}.
 */
public final class SpackMirrorsConfig {

    /** The files that mark a Spack build cache root: layout v3, then the older v2 index. */
    private static final List<String> MARKERS = List.of("v3/layout.json", "build_cache/index.json");

    /**
     * One mirror.
     *
     * @param name its name in Spack, e.g. {@code slurm-factory-noble}
     * @param url its root URL, ending with {@code /}
     */
    public record Mirror(String name, String url) {}

    private SpackMirrorsConfig() {}

    /**
     * The mirrors of {@code toolchain} (and {@code series}, for the older generation) that exist on the cache.
     *
     * @throws IOException when the cache has neither generation (naming what was looked for) or cannot be reached
     */
    public static List<Mirror> find(UpstreamClient client, Toolchain toolchain, String series) throws IOException {
        SlurmSeries.require(series);
        String current = CacheLayout.spackMirror(toolchain);
        if (exists(client, current)) {
            return List.of(new Mirror("slurm-factory-" + toolchain.id(), client.urlOf(current)));
        }
        String deps = toolchain.id() + "/slurm/deps/";
        String slurm = toolchain.id() + "/slurm/" + series + "/";
        if (exists(client, deps) && exists(client, slurm)) {
            return List.of(new Mirror("slurm-factory-" + toolchain.id() + "-deps", client.urlOf(deps)),
                    new Mirror("slurm-factory-" + toolchain.id() + "-" + series, client.urlOf(slurm)));
        }
        List<String> tried = new ArrayList<>();
        for (String root : List.of(current, deps, slurm)) {
            MARKERS.forEach(marker -> tried.add(client.urlOf(root + marker)));
        }
        throw new IOException("The cache has no Spack mirror of " + toolchain.id() + " " + series
                + ": looked for " + String.join(", ", tried));
    }

    private static boolean exists(UpstreamClient client, String root) throws IOException {
        for (String marker : MARKERS) {
            if (client.head(root + marker).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The {@code mirrors.yaml} text: one entry per mirror, {@code url} and {@code signed: true}. */
    public static String yaml(List<Mirror> mirrors) {
        StringBuilder yaml = new StringBuilder("mirrors:\n");
        for (Mirror mirror : mirrors) {
            yaml.append("  ").append(mirror.name()).append(":\n")
                    .append("    url: ").append(mirror.url()).append('\n')
                    .append("    signed: true\n");
        }
        return yaml.toString();
    }
}
