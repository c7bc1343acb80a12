package ai.vantage.maven.slurm.io;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.Flow;

/**
 * Hands the bytes of a tarball, as the Maven transport downloads them, to the install goal that unpacks them at the
 * same time. The writing side is a {@link Flow.Subscriber} of {@link ByteBuffer}s: a JDK type, because the extension
 * and the plugin load this project's classes in class loaders of their own, so only JDK types pass between them (in
 * the repository session's data, under {@link #sessionKey}). The reading side is {@link #input()}.
 *
 * <p>Contract of the writer (the transport): {@code onSubscribe} once, {@code onNext} with the bytes in order (the
 * buffer need stay valid only during the call: it is copied; the call blocks while {@value #CAPACITY} bytes wait unread,
 * which is the back-pressure, so memory stays flat), then {@code onComplete} only once the whole file arrived and its
 * own checks passed, or {@code onError}. The reader sees the end of the stream only after {@code onComplete}; an error,
 * or {@link #writerDone()} before either, is an {@link IOException} ({@link NotStreamedException} when no byte ever
 * came). A reader that closes its stream early makes the writer's further bytes be dropped, never blocked on.
 */
public final class TarballPipe implements Flow.Subscriber<ByteBuffer> {

    /** The most bytes that wait unread before the writer blocks. */
    public static final int CAPACITY = 16 << 20;

    private static final int CHUNK = 256 * 1024;

    private final String what;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private final Deque<byte[]> free = new ArrayDeque<>(); // chunks read, for the writer to fill again
    private final Input input = new Input();
    private byte[] filling = new byte[CHUNK];
    private int filled;
    private long queued;
    private boolean subscribed;
    private boolean completed;
    private IOException failure;
    private boolean readerClosed;

    /** @param what the tarball, for messages (e.g. its coordinate) */
    public TarballPipe(String what) {
        this.what = what;
    }

    /** The key under which an install registers its pipe in the repository session's data for {@code coordinate}. */
    public static String sessionKey(SlurmCoordinate coordinate) {
        return TarballPipe.class.getName() + "/" + coordinate;
    }

    /** The bytes as they arrive; the end of the stream only once the writer completed. Read from one thread. */
    public InputStream input() {
        return input;
    }

    /**
     * Waits until a writer subscribed, which it does once its download is open (its signature check begun, so the
     * signing key it fetched is in the key cache).
     *
     * @throws NotStreamedException when the writer was done without ever subscribing
     */
    public synchronized void awaitWriter() throws IOException {
        while (!subscribed && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the download of " + what, e);
            }
        }
        if (!subscribed) {
            throw failure;
        }
    }

    /** Whether any writer subscribed (whether the bytes streamed through this process at all). */
    public synchronized boolean streamed() {
        return subscribed;
    }

    /** Whether the writer completed: every byte arrived and the writer's checks passed. */
    public synchronized boolean completed() {
        return completed;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        if (subscribed || completed || failure != null) {
            subscription.cancel(); // one stream only: a second download is not these bytes
            return;
        }
        subscribed = true;
        subscription.request(Long.MAX_VALUE);
        notifyAll();
    }

    @Override
    public synchronized void onNext(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            while (!readerClosed && queued >= CAPACITY) {
                await();
            }
            if (readerClosed || completed || failure != null) {
                return;
            }
            int n = Math.min(bytes.remaining(), CHUNK - filled);
            bytes.get(filling, filled, n);
            filled += n;
            if (filled == CHUNK) {
                hand(filling);
                filling = free.isEmpty() ? new byte[CHUNK] : free.poll();
                filled = 0;
            }
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        fail(new IOException("The download of " + what + " failed: " + error.getMessage(), error));
    }

    @Override
    public synchronized void onComplete() {
        if (failure != null || completed) {
            return;
        }
        if (filled > 0) {
            hand(Arrays.copyOf(filling, filled));
            filled = 0;
        }
        completed = true;
        notifyAll();
    }

    /**
     * Says the writer is done, whatever happened (call it once the download returned or failed): a stream that did
     * not complete ends in an {@link IOException} for the reader, which no longer waits.
     */
    public synchronized void writerDone() {
        if (completed || failure != null) {
            return;
        }
        fail(subscribed ? new IOException("The download of " + what + " ended before its last byte arrived")
                : new NotStreamedException(what));
    }

    /** Thrown to the reader when the tarball's bytes never streamed through this process. */
    public static final class NotStreamedException extends IOException {
        private static final long serialVersionUID = 1L;

        NotStreamedException(String what) {
            super("The bytes of " + what + " did not stream through this process");
        }
    }

    private void fail(IOException e) {
        if (completed || failure != null) {
            return;
        }
        failure = e;
        notifyAll();
    }

    private void hand(byte[] chunk) {
        chunks.add(chunk);
        queued += chunk.length;
        notifyAll();
    }

    private void await() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while handing over the bytes of " + what, e);
        }
    }

    /** The reading side. */
    private final class Input extends InputStream {
        private byte[] current;
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
            if (current == null || position == current.length) {
                current = next(current);
                position = 0;
                if (current == null) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, bytes, off, n);
            position += n;
            return n;
        }

        private byte[] next(byte[] done) throws IOException {
            synchronized (TarballPipe.this) {
                if (done != null && done.length == CHUNK) {
                    free.add(done);
                }
                while (chunks.isEmpty() && !completed && failure == null) {
                    try {
                        TarballPipe.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("Interrupted while waiting for the bytes of " + what, e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                byte[] chunk = chunks.poll();
                if (chunk != null) {
                    queued -= chunk.length;
                    TarballPipe.this.notifyAll();
                }
                return chunk;
            }
        }

        @Override
        public void close() {
            synchronized (TarballPipe.this) {
                readerClosed = true;
                chunks.clear();
                queued = 0;
                TarballPipe.this.notifyAll();
            }
        }
    }
}
