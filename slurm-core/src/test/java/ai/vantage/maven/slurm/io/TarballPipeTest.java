package ai.vantage.maven.slurm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TarballPipeTest {

    private static final Flow.Subscription SUBSCRIPTION = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private static byte[] data(int length) {
        byte[] data = new byte[length];
        new Random(7).nextBytes(data);
        return data;
    }

    /** Writes {@code data} in pieces of odd sizes from a thread of its own, then completes. */
    private static CompletableFuture<Void> write(TarballPipe pipe, byte[] data, boolean complete) {
        return CompletableFuture.runAsync(() -> {
            pipe.onSubscribe(SUBSCRIPTION);
            for (int off = 0; off < data.length; off += 70_001) {
                pipe.onNext(ByteBuffer.wrap(data, off, Math.min(70_001, data.length - off)));
            }
            if (complete) {
                pipe.onComplete();
            }
        });
    }

    @Test
    void bytesArriveInOrderAndEndOnlyOnceTheWriterCompleted() throws Exception {
        byte[] data = data(TarballPipe.CAPACITY * 2 + 12_345);
        TarballPipe pipe = new TarballPipe("test tarball");

        CompletableFuture<Void> writer = write(pipe, data, true);
        pipe.awaitWriter();
        byte[] read = pipe.input().readAllBytes();

        writer.get();
        assertArrayEquals(data, read);
        assertTrue(pipe.streamed() && pipe.completed());
    }

    @Test
    void theWriterWaitsWhileTheCapacityIsUnreadSoMemoryStaysFlat() throws Exception {
        TarballPipe pipe = new TarballPipe("test tarball");
        CompletableFuture<Void> writer = write(pipe, data(TarballPipe.CAPACITY + (1 << 20)), true);

        assertThrows(java.util.concurrent.TimeoutException.class, () -> writer.get(500, TimeUnit.MILLISECONDS),
                "the writer waits for the reader");
        pipe.input().transferTo(new ByteArrayOutputStream());
        writer.get();
    }

    @Test
    void aDownloadThatFailsIsAnErrorNotAnEndOfStream() throws Exception {
        TarballPipe pipe = new TarballPipe("test tarball");
        write(pipe, data(1000), false).get();
        pipe.onError(new IOException("connection reset"));

        IOException e = assertThrows(IOException.class, () -> pipe.input().readAllBytes());
        assertEquals("The download of test tarball failed: connection reset", e.getMessage());
        assertFalse(pipe.completed());
    }

    @Test
    void aWriterThatStopsWithoutCompletingLeavesTheReaderAnError() throws Exception {
        TarballPipe pipe = new TarballPipe("test tarball");
        write(pipe, data(1000), false).get();
        pipe.writerDone();

        IOException e = assertThrows(IOException.class, () -> pipe.input().readAllBytes());
        assertFalse(e instanceof TarballPipe.NotStreamedException);
        assertTrue(e.getMessage().contains("ended before its last byte arrived"), e.getMessage());
    }

    @Test
    void noWriterAtAllIsNotStreamed() {
        TarballPipe pipe = new TarballPipe("test tarball");
        pipe.writerDone();

        assertThrows(TarballPipe.NotStreamedException.class, pipe::awaitWriter);
        assertThrows(TarballPipe.NotStreamedException.class, () -> pipe.input().read());
        assertFalse(pipe.streamed());
    }

    @Test
    void aReaderThatStopsEarlyNeverBlocksTheWriter() throws Exception {
        TarballPipe pipe = new TarballPipe("test tarball");
        CompletableFuture<Void> writer = write(pipe, data(TarballPipe.CAPACITY * 3), true);
        try (InputStream in = pipe.input()) {
            in.readNBytes(1000);
        }
        writer.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSecondWriterIsCancelled() {
        TarballPipe pipe = new TarballPipe("test tarball");
        pipe.onSubscribe(SUBSCRIPTION);
        boolean[] cancelled = {false};
        pipe.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {
                cancelled[0] = true;
            }
        });
        assertTrue(cancelled[0]);
    }
}
