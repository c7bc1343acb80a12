package ai.vantage.maven.slurm.upstream;

import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which Slurm series the cache holds, from its S3 ListObjectsV2 listing (or the folders of a {@code file:} copy):
 * the {@code YY.MM} folders under each toolchain and under {@code builds/}. The listing may be turned off at any
 * time, so callers fall back to {@link SlurmSeries#KNOWN}.
 */
public final class SeriesCatalog {

    private static final int MAX_PAGE_BYTES = 4 << 20;
    private static final int MAX_PAGES = 100;

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
            for (String folder : folders(prefix)) {
                String name = folder.substring(prefix.length()).replace("/", "");
                if (SlurmSeries.isValid(name)) {
                    series.add(name);
                }
            }
        }
        return List.copyOf(series);
    }

    /** The immediate sub-folders of {@code prefix}, as full prefixes ending with {@code /}. */
    List<String> folders(String prefix) throws IOException {
        String base = client.baseUrls().get(0);
        if (base.startsWith("file:")) {
            return localFolders(Path.of(URI.create(base)), prefix);
        }
        List<String> folders = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "?list-type=2&delimiter=%2F&prefix=" + encode(prefix)
                    + (token == null ? "" : "&continuation-token=" + encode(token));
            Optional<byte[]> answer = client.fetch(query, MAX_PAGE_BYTES);
            if (answer.isEmpty()) {
                throw new IOException("The cache's listing is turned off (" + client.urlOf(query) + " answered 403/404)");
            }
            S3ListingPage listing = S3ListingPage.parse(answer.get());
            folders.addAll(listing.commonPrefixes());
            token = listing.nextContinuationToken();
            if (token == null) {
                return folders;
            }
        }
        throw new IOException("The cache's listing of " + prefix + " has more than " + MAX_PAGES + " pages");
    }

    private static List<String> localFolders(Path root, String prefix) throws IOException {
        Path folder = root.resolve(prefix);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).map(p -> prefix + p.getFileName() + "/").sorted().toList();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
