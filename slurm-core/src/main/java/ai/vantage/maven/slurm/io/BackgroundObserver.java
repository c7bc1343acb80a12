package ai.vantage.maven.slurm.io;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds bytes to an {@link ObservedInputStream.Observer} on a thread of its own, so hashing runs on another core
 * while the reading thread moves on. Bytes are copied into {@value #CHUNK}-byte chunks (few hand-offs) taken from a
 * fixed set of {@value #CHUNKS} that the worker hands back once observed: memory stays flat and a multi-GB stream
 * allocates nothing per chunk.
 */
public final class BackgroundObserver implements ObservedInputStream.Observer, AutoCloseable {

    private static final int CHUNKS = 8;
    private static final int CHUNK = 256 * 1024;
    private static final Chunk END = new Chunk(new byte[0]);

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread worker;
    private volatile RuntimeException failure;
    private Chunk chunk;

    public BackgroundObserver(ObservedInputStream.Observer target, String name) {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new Chunk(new byte[CHUNK]));
        }
        worker = new Thread(() -> {
            try {
                for (Chunk next; (next = full.take()) != END; ) {
                    target.update(next.bytes, 0, next.filled);
                    next.filled = 0;
                    free.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                full.clear();
            }
        }, name);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void update(byte[] bytes, int off, int len) {
        while (len > 0) {
            if (chunk == null) {
                chunk = take();
            }
            int n = Math.min(len, CHUNK - chunk.filled);
            System.arraycopy(bytes, off, chunk.bytes, chunk.filled, n);
            chunk.filled += n;
            off += n;
            len -= n;
            if (chunk.filled == CHUNK) {
                put(chunk);
                chunk = null;
            }
        }
    }

    /** Waits until every byte handed over has been observed. */
    public void finish() {
        if (chunk != null && chunk.filled > 0) {
            put(chunk);
        }
        chunk = null;
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

    private Chunk take() {
        try {
            for (; ; ) {
                Chunk next = free.poll(100, TimeUnit.MILLISECONDS);
                if (failure != null) {
                    throw failure;
                }
                if (next != null) {
                    return next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while bytes were being hashed", e);
        }
    }

    private void put(Chunk next) {
        if (failure != null) {
            throw failure;
        }
        try {
            full.put(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while bytes were being hashed", e);
        }
    }

    private static final class Chunk {
        final byte[] bytes;
        int filled;

        Chunk(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
