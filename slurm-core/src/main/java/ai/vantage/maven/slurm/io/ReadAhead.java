package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads a stream ahead of its reader on a thread of its own (a decompressor, so that inflating overlaps with writing
 * what it inflates). Up to {@code capacity} bytes wait in a {@link BytePipe}; each piece the source returns is handed
 * over at once, so the reader never waits for bytes the thread already has. {@link #close()} stops the thread before
 * it returns — nothing reads the source after that — and then closes the source.
 */
public final class ReadAhead extends InputStream {

    private final InputStream source;
    private final BytePipe pipe;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param source the stream to read ahead; closed by {@link #close()}
     * @param capacity the most bytes read ahead
     * @param piece the most bytes asked of {@code source} at once, and handed over together
     * @param name the thread's name
     */
    public ReadAhead(InputStream source, int capacity, int piece, String name) {
        this.source = source;
        this.pipe = new BytePipe(capacity, piece);
        this.thread = new Thread(() -> run(piece), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int piece) {
        byte[] buffer = new byte[piece];
        try {
            int n;
            while (!stopped && (n = source.read(buffer)) >= 0) {
                pipe.write(ByteBuffer.wrap(buffer, 0, n));
                pipe.flush();
            }
            pipe.close();
        } catch (IOException e) {
            pipe.fail(e);
        } catch (RuntimeException | Error e) {
            pipe.fail(new IOException(e.toString(), e));
        }
    }

    @Override
    public int read() throws IOException {
        return pipe.input().read();
    }

    @Override
    public int read(byte[] bytes, int off, int len) throws IOException {
        return pipe.input().read(bytes, off, len);
    }

    /** Stops the thread, waiting until it is no longer reading the source, then closes the source. */
    @Override
    public void close() throws IOException {
        stopped = true;
        pipe.input().close(); // a thread blocked on a full pipe drops its piece and sees it is stopped
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
