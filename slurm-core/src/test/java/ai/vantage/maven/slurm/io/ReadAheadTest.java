package ai.vantage.maven.slurm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadAheadTest {

    private static byte[] data(int length) {
        byte[] data = new byte[length];
        new Random(11).nextBytes(data);
        return data;
    }

    @Test
    void everyByteArrivesInOrderThroughAPipeSmallerThanTheStream() throws IOException {
        byte[] data = data(5 * 1024 * 1024 + 77);
        try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(data), 256 * 1024, 64 * 1024, "test-read-ahead")) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void readerGetsWhatTheThreadHasWhileTheSourceWaitsForMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            private int calls;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 0) {
                    Arrays.fill(b, off, off + 1000, (byte) 7);
                    return 1000;
                }
                try {
                    release.await(); // a download that has no more bytes yet
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        };

        try (ReadAhead in = new ReadAhead(slow, 1 << 20, 64 * 1024, "test-read-ahead")) {
            byte[] first = new byte[4096];
            assertEquals(1000, in.read(first), "handed over as soon as the source returned it, not when a buffer filled");
            release.countDown();
            assertEquals(-1, in.read(first));
        }
    }

    @Test
    void closeReturnsOnlyOnceTheThreadNoLongerReadsTheSourceAndClosesIt() throws IOException {
        byte[] data = data(8 * 1024 * 1024);
        Set<Thread> readers = ConcurrentHashMap.newKeySet();
        AtomicBoolean closed = new AtomicBoolean();
        InputStream source = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                readers.add(Thread.currentThread());
                return super.read(b, off, Math.min(len, 4096));
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        ReadAhead in = new ReadAhead(source, 64 * 1024, 16 * 1024, "test-read-ahead");
        assertEquals(data[0], (byte) in.read());
        in.close();
        int left = source.available();
        assertTrue(left > 0, "stopped before the end");
        assertTrue(closed.get(), "the source is closed");
        assertTrue(readers.stream().noneMatch(t -> t == Thread.currentThread()), "only the read-ahead thread read it");
        Thread.onSpinWait();
        assertEquals(left, source.available(), "nothing read after close() returned");
    }

    @Test
    void sourceFailureReachesTheReaderUnchanged() {
        IOException broken = new IOException("Unexpected end of ZLIB input stream");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };

        ReadAhead in = new ReadAhead(failing, 1 << 20, 64 * 1024, "test-read-ahead");
        IOException e = assertThrows(IOException.class, () -> in.read(new byte[10]));
        assertSame(broken, e);
    }
}
