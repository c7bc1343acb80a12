package ai.vantage.maven.slurm.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A HEAD request gives a key's size and Last-Modified time, over HTTP and from a file: copy alike. */
class UpstreamClientHeadTest {

    private static final String KEY = "noble/25.11/amd64/slurm-25.11-noble-amd64-software.tar.gz";
    private static final Instant MODIFIED = Instant.parse("2026-06-18T09:30:12Z");

    @TempDir
    Path root;

    private static UpstreamClient client(String base) {
        return new UpstreamClient(UpstreamSettings.of(List.of(base), Duration.ofSeconds(2), Duration.ofSeconds(2), 0,
                Duration.ZERO), UpstreamListener.NONE);
    }

    @Test
    void sizeAndLastModifiedOverHttpAndFromFiles() throws Exception {
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.write(root.resolve(KEY), new byte[12_345]);
        Files.setLastModifiedTime(root.resolve(KEY), FileTime.from(MODIFIED));

        try (CacheServer server = CacheServer.start(root)) {
            UpstreamClient.Head head = client(server.uri().toString()).head(KEY).orElseThrow();
            assertEquals(12_345, head.length());
            assertEquals(MODIFIED, head.lastModified());
            assertTrue(client(server.uri().toString()).head("noble/none").isEmpty());
        }
        UpstreamClient.Head local = client(root.toUri().toString()).head(KEY).orElseThrow();
        assertEquals(new UpstreamClient.Head(12_345, MODIFIED), local);
        assertEquals(12_345, client(root.toUri().toString()).length(KEY).orElseThrow());
    }
}
