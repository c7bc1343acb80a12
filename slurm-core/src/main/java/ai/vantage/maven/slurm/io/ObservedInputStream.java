package ai.vantage.maven.slurm.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes every byte read (skipped bytes too) to an {@link Observer} before returning it, so digests and signature
 * checks see a stream as it flows. Mark and reset are not supported: a byte must be seen exactly once.
 */
public final class ObservedInputStream extends FilterInputStream {

    /** Sees bytes as they are read. */
    @FunctionalInterface
    public interface Observer {
        void update(byte[] bytes, int off, int len);

        /** An observer that passes the bytes to this one, then to {@code next}. */
        default Observer andThen(Observer next) {
            return (bytes, off, len) -> {
                update(bytes, off, len);
                next.update(bytes, off, len);
            };
        }
    }

    private final Observer observer;

    public ObservedInputStream(InputStream in, Observer observer) {
        super(in);
        this.observer = observer;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int off, int len) throws IOException {
        int n = super.read(bytes, off, len);
        if (n > 0) {
            observer.update(bytes, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset is not supported while bytes are observed");
    }
}
