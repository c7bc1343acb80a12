package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A bounded pipe of bytes from one writing thread to one reading thread, in chunks that are reused once read, so
 * memory stays flat whatever flows through. The writer blocks while {@code capacity} bytes wait unread (the
 * back-pressure); {@link #flush()} hands a partly filled chunk over at once. The reader sees the end of the stream
 * only after {@link #close()}; after {@link #fail} it gets that exception, even if bytes still wait. A reader that
 * closes its stream early makes further writes be dropped, never blocked on.
 */
public final class BytePipe {

    private final int capacity;
    private final int chunkSize;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private final Deque<byte[]> free = new ArrayDeque<>();
    private final Input input = new Input();
    private byte[] filling;
    private int filled;
    private long queued;
    private boolean closed;
    private IOException failure;
    private boolean readerClosed;

    private record Chunk(byte[] bytes, int length) {}

    /**
     * @param capacity the most bytes that wait unread before the writer blocks
     * @param chunkSize the size of the chunks bytes are handed over in
     */
    public BytePipe(int capacity, int chunkSize) {
        if (chunkSize <= 0 || capacity < chunkSize) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " must be positive and at most the capacity "
                    + capacity);
        }
        this.capacity = capacity;
        this.chunkSize = chunkSize;
    }

    /** The reading side; read it from one thread. */
    public InputStream input() {
        return input;
    }

    /** Writes {@code bytes} (copied), blocking while the pipe is full; dropped once the reader closed or it ended. */
    public synchronized void write(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            while (!readerClosed && queued >= capacity) {
                awaitUninterruptibly();
            }
            if (readerClosed || closed || failure != null) {
                return;
            }
            if (filling == null) {
                filling = free.isEmpty() ? new byte[chunkSize] : free.poll();
            }
            int n = Math.min(bytes.remaining(), chunkSize - filled);
            bytes.get(filling, filled, n);
            filled += n;
            if (filled == chunkSize) {
                flush();
            }
        }
    }

    /** Hands the bytes written so far to the reader now, even if they do not fill a chunk. */
    public synchronized void flush() {
        if (filled > 0) {
            chunks.add(new Chunk(filling, filled));
            queued += filled;
            filling = null;
            filled = 0;
            notifyAll();
        }
    }

    /** Ends the stream: the reader gets what was written, then the end. */
    public synchronized void close() {
        if (closed || failure != null) {
            return;
        }
        flush();
        closed = true;
        notifyAll();
    }

    /** Ends the stream in {@code e}, unless it ended already; the reader gets {@code e} on its next read. */
    public synchronized void fail(IOException e) {
        if (closed || failure != null) {
            return;
        }
        failure = e;
        notifyAll();
    }

    /** Whether the stream ended normally ({@link #close()}). */
    public synchronized boolean closed() {
        return closed;
    }

    /** Whether the stream ended at all, normally or not. */
    public synchronized boolean ended() {
        return closed || failure != null;
    }

    private void awaitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing into a pipe", e);
        }
    }

    /** The reading side. */
    private final class Input extends InputStream {
        private Chunk current;
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (current == null || position == current.length()) {
                current = next(current);
                position = 0;
                if (current == null) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.bytes(), position, bytes, off, n);
            position += n;
            return n;
        }

        private Chunk next(Chunk done) throws IOException {
            synchronized (BytePipe.this) {
                if (done != null && done.bytes().length == chunkSize) {
                    free.add(done.bytes());
                }
                while (chunks.isEmpty() && !closed && failure == null) {
                    try {
                        BytePipe.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("Interrupted while waiting for bytes", e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                Chunk chunk = chunks.poll();
                if (chunk != null) {
                    queued -= chunk.length();
                    BytePipe.this.notifyAll();
                }
                return chunk;
            }
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                readerClosed = true;
                chunks.clear();
                queued = 0;
                BytePipe.this.notifyAll();
            }
        }
    }
}
