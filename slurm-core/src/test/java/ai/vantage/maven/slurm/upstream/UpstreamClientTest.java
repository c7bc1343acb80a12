package ai.vantage.maven.slurm.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream client against the S3-like fixture server. */
class UpstreamClientTest {

    private static final String KEY = "noble/25.11/amd64/slurm-25.11-noble-amd64-software.tar.gz";

    @TempDir
    Path root;

    private CacheServer server;
    private byte[] body;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        body = new byte[300_000];
        new Random(7).nextBytes(body);
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.write(root.resolve(KEY), body);
        Files.createDirectories(root.resolve("jammy/24.11"));
        Files.createDirectories(root.resolve("builds/23.11/rockylinux9"));
        Files.createDirectories(root.resolve("noble/spack"));
        server = CacheServer.start(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UpstreamClient client(String... bases) {
        return new UpstreamClient(UpstreamSettings.of(List.of(bases), Duration.ofSeconds(2), Duration.ofSeconds(5), 2,
                Duration.ofMillis(10)), new UpstreamListener() {
                    @Override
                    public void retrying(java.net.URI url, String reason, int attempt, long delayMillis) {
                        events.add("retry " + reason);
                    }

                    @Override
                    public void resuming(java.net.URI url, long received) {
                        events.add("resume " + received);
                    }

                    @Override
                    public void failover(java.net.URI base, String reason) {
                        events.add("failover " + base);
                    }
                });
    }

    private static byte[] read(UpstreamClient client, String key) throws IOException {
        try (UpstreamClient.Download download = client.open(key)) {
            byte[] bytes = download.stream().readAllBytes();
            assertEquals(download.length(), bytes.length);
            return bytes;
        }
    }

    @Test
    void readsWholeBodiesWithTheirLength() throws IOException {
        assertArrayEquals(body, read(client(server.uri().toString()), KEY));
        assertEquals(body.length, client(server.uri().toString()).length(KEY).orElseThrow());
    }

    @Test
    void missingKeysAreNotFound() throws IOException {
        UpstreamClient client = client(server.uri().toString());
        assertThrows(NotFoundException.class, () -> client.open("noble/26.05/nothing.tar.gz"));
        assertTrue(client.length("noble/26.05/nothing.tar.gz").isEmpty());
        server.setMissingStatus(404);
        assertTrue(client.fetch("nothing", 10).isEmpty());
    }

    @Test
    void resumesWithRangeAfterACutBody() throws IOException {
        server.resetAfter(KEY, 100_000, 2);
        assertArrayEquals(body, read(client(server.uri().toString()), KEY));
        assertTrue(server.requests().contains("GET /" + KEY + " Range: bytes=100000-"), server.requests().toString());
        assertTrue(events.contains("resume 100000"), events.toString());
    }

    @Test
    void givesUpAfterTheConfiguredResumes() {
        server.resetAfter(KEY, 1000, 10);
        IOException e = assertThrows(IOException.class, () -> read(client(server.uri().toString()), KEY));
        assertTrue(e.getMessage().contains("broke off"), e.getMessage());
    }

    @Test
    void retriesServerErrorsWithBackoff() throws IOException {
        server.failWith(KEY, 503, 2);
        assertArrayEquals(body, read(client(server.uri().toString()), KEY));
        assertEquals(2, events.stream().filter(e -> e.startsWith("retry HTTP 503")).count(), events.toString());
    }

    @Test
    void failsOverFromADeadBaseAndRemembersIt() throws IOException {
        String dead = "http://127.0.0.1:" + closedPort() + "/";
        UpstreamClient client = client(dead, server.uri().toString());
        assertArrayEquals(body, read(client, KEY));
        assertEquals(List.of("failover " + dead), events.stream().filter(e -> e.startsWith("failover")).toList());
        events.clear();
        assertArrayEquals(body, read(client, KEY));
        assertTrue(events.isEmpty(), "a dead base is not tried again: " + events);
    }

    @Test
    void unreachableCacheSaysWhatToDo() throws IOException {
        UpstreamClient client = client("http://127.0.0.1:" + closedPort() + "/");
        IOException e = assertThrows(IOException.class, () -> client.open(KEY));
        assertTrue(e.getMessage().contains("cannot be reached") && e.getMessage().contains("slurm.mirrors"), e.getMessage());
    }

    @Test
    void readsFileCopiesOfTheSite() throws IOException {
        UpstreamClient client = client(root.toUri().toString());
        assertArrayEquals(body, read(client, KEY));
        assertThrows(NotFoundException.class, () -> client.open("noble/none"));
    }

    @Test
    void listsSeriesFromTheS3ListingWithPaging() throws IOException {
        for (String series : new String[] {"23.11", "24.11", "25.11", "26.05"}) {
            Files.createDirectories(root.resolve("noble/" + series + "/amd64"));
            Files.writeString(root.resolve("noble/" + series + "/amd64/slurm.tar.gz"), series);
        }
        server.setPageSize(2);
        UpstreamClient client = client(server.uri().toString());
        assertEquals(List.of("23.11", "24.11", "25.11", "26.05"), new SeriesCatalog(client).series());
        assertTrue(server.requests().stream().anyMatch(r -> r.contains("continuation-token=")), "paged");
        assertEquals(List.of("23.11", "24.11", "25.11", "26.05"), new SeriesCatalog(client(root.toUri().toString())).series());
        assertTrue(server.requests().stream().anyMatch(r -> r.contains("list-type=2") && r.contains("prefix=noble%2F")),
                server.requests().toString());
    }

    @Test
    void listingTurnedOffIsAnError() {
        server.setListingEnabled(false);
        IOException e = assertThrows(IOException.class, () -> new SeriesCatalog(client(server.uri().toString())).series());
        assertTrue(e.getMessage().contains("listing is turned off"), e.getMessage());
        assertTrue(SlurmSeries.KNOWN.contains("25.11"));
    }

    @Test
    void malformedBaseUrlSaysWhatIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client("ftp://cache/"));
        assertTrue(e.getMessage().contains("https://"), e.getMessage());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
