package ai.vantage.maven.slurm.bridge;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * A response body that fails once its client has read it slower than a minimum rate on average, counted after a
 * grace period (so that a slow start of TCP or a busy moment does not count): a slow reader of a large tarball
 * cannot keep its connection and its file open for days. A client that reads nothing at all is the idle timeout's.
 */
final class MinimumRate implements Content.Sink {

    private final Content.Sink sink;
    private final long bytesPerSecond;
    private final long graceNanos;
    private final long started = NanoTime.now();
    private long written;

    MinimumRate(Content.Sink sink, long bytesPerSecond, long graceNanos) {
        this.sink = sink;
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
    }

    @Override
    public void write(boolean last, ByteBuffer buffer, Callback callback) {
        long elapsed = NanoTime.since(started);
        if (elapsed > graceNanos && written * 1_000_000_000.0 / elapsed < bytesPerSecond) {
            callback.failed(new TimeoutException("the client read " + written + " bytes in " + elapsed / 1_000_000
                    + " ms, slower than " + bytesPerSecond + " bytes/s (--min-response-rate)"));
            return;
        }
        written += buffer.remaining();
        sink.write(last, buffer, callback);
    }
}
