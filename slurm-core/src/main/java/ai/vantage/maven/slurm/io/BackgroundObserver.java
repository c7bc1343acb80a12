package ai.vantage.maven.slurm.io;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Feeds bytes to an {@link ObservedInputStream.Observer} on a thread of its own, so hashing runs on another core
 * while the reading thread moves on. Bytes are copied into 1 MiB chunks (few hand-offs); at most {@value #QUEUED}
 * chunks wait, so memory stays flat.
 */
public final class BackgroundObserver implements ObservedInputStream.Observer, AutoCloseable {

    private static final int QUEUED = 8;
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread worker;
    private volatile RuntimeException failure;
    private byte[] chunk = new byte[CHUNK];
    private int filled;

    public BackgroundObserver(ObservedInputStream.Observer target, String name) {
        worker = new Thread(() -> {
            try {
                for (byte[] chunk; (chunk = queue.take()) != END; ) {
                    target.update(chunk, 0, chunk.length);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                queue.clear();
            }
        }, name);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void update(byte[] bytes, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(bytes, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                put(chunk);
                chunk = new byte[CHUNK];
                filled = 0;
            }
        }
    }

    /** Waits until every byte handed over has been observed. */
    public void finish() {
        if (filled > 0) {
            put(Arrays.copyOf(chunk, filled));
            filled = 0;
        }
        put(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while bytes were being hashed", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the worker without waiting for what is queued (after a failed read). */
    @Override
    public void close() {
        worker.interrupt();
    }

    private void put(byte[] chunk) {
        if (failure != null) {
            throw failure;
        }
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while bytes were being hashed", e);
        }
    }
}
