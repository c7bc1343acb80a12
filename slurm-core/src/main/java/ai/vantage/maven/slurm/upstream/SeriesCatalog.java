package ai.vantage.maven.slurm.upstream;

import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which Slurm series the cache holds, from its S3 ListObjectsV2 listing (or the folders of a {@code file:} copy):
 * the {@code YY.MM} folders under each toolchain and under {@code builds/}. The listing may be turned off at any
 * time, so callers fall back to {@link SlurmSeries#KNOWN}.
 */
public final class SeriesCatalog {

    private final UpstreamClient client;

    public SeriesCatalog(UpstreamClient client) {
        this.client = client;
    }

    /**
     * The series found, oldest first.
     *
     * @throws IOException when the listing does not answer (turned off, unreachable, malformed)
     */
    public List<String> series() throws IOException {
        TreeSet<String> series = new TreeSet<>();
        List<String> prefixes = new ArrayList<>();
        for (Toolchain toolchain : Toolchain.values()) {
            prefixes.add(toolchain.id() + "/");
        }
        prefixes.add("builds/");
        for (String prefix : prefixes) {
            for (String folder : client.folders(prefix)) {
                String name = folder.substring(prefix.length()).replace("/", "");
                if (SlurmSeries.isValid(name)) {
                    series.add(name);
                }
            }
        }
        return List.copyOf(series);
    }
}
