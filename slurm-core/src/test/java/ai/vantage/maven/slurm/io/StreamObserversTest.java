package ai.vantage.maven.slurm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamObserversTest {

    private static byte[] data() {
        byte[] data = new byte[3_000_001];
        new Random(42).nextBytes(data);
        return data;
    }

    @Test
    void observedStreamSeesEveryByteOnceSkipsIncluded() throws IOException {
        byte[] data = data();
        Checksums checksums = new Checksums();
        try (InputStream in = checksums.wrap(new ByteArrayInputStream(data))) {
            in.read();
            in.skip(1_000_000);
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(Checksums.of(data), checksums.hex());
    }

    @Test
    void backgroundObserverSeesTheBytesInOrder() throws IOException {
        byte[] data = data();
        Checksums background = new Checksums();
        try (BackgroundObserver observer = new BackgroundObserver(background::update, "test");
                InputStream in = new ObservedInputStream(new ByteArrayInputStream(data), observer)) {
            in.transferTo(OutputStream.nullOutputStream());
            observer.finish();
        }
        assertEquals(Checksums.of(data), background.hex());
    }

    @Test
    void backgroundFailureReachesTheCaller() {
        BackgroundObserver observer = new BackgroundObserver((b, o, l) -> {
            throw new IllegalStateException("observer broke");
        }, "test");
        observer.update(new byte[10], 0, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, observer::finish);
        assertEquals("observer broke", e.getMessage());
    }

    @Test
    void backgroundFailureStopsAReaderThatKeepsFeeding() {
        BackgroundObserver observer = new BackgroundObserver((b, o, l) -> {
            throw new IllegalStateException("observer broke");
        }, "test");
        byte[] block = new byte[64 * 1024];
        IllegalStateException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(IllegalStateException.class, () -> {
                    for (int i = 0; i < 1024; i++) { // 64 MiB: far more than the chunks the observer owns
                        observer.update(block, 0, block.length);
                    }
                }));
        assertEquals("observer broke", e.getMessage());
    }

    @Test
    void extensionsMapToMavenAlgorithmNames() {
        assertEquals("SHA-1", Checksums.algorithm("sha1"));
        assertEquals("SHA-512", Checksums.algorithm("sha512"));
        assertThrows(IllegalArgumentException.class, () -> Checksums.algorithm("sha3"));
        assertEquals(Map.of("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709").get("sha1"),
                Checksums.of(new byte[0]).get("sha1"));
    }
}
