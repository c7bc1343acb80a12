package ai.vantage.maven.slurm.bridge;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A response body that fails once its client reads it slower than a minimum rate on average, counted after a grace
 * period (so that a slow start of TCP or a busy moment does not count): each write must have reached the client by
 * the time the bytes written so far take at that rate, or it fails then, and the connection is closed. A slow reader
 * of a large tarball cannot keep its connection and its file open for days, even one that reads a few bytes a second
 * and so is never idle.
 */
final class MinimumRate implements Content.Sink {

    private final Content.Sink sink;
    private final Scheduler scheduler;
    private final long bytesPerSecond;
    private final long graceNanos;
    private final long started = NanoTime.now();
    private long written;

    MinimumRate(Content.Sink sink, Scheduler scheduler, long bytesPerSecond, long graceNanos) {
        this.sink = sink;
        this.scheduler = scheduler;
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
    }

    @Override
    public void write(boolean last, ByteBuffer buffer, Callback callback) {
        written += buffer.remaining();
        long total = written;
        long due = Math.max(graceNanos, (long) (total * 1_000_000_000.0 / bytesPerSecond)) - NanoTime.since(started);
        AtomicBoolean done = new AtomicBoolean();
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                callback.failed(new TimeoutException("the client had not read " + total + " bytes after "
                        + NanoTime.millisSince(started) + " ms, slower than " + bytesPerSecond
                        + " bytes/s (--min-response-rate)"));
            }
        }, Math.max(0, due), TimeUnit.NANOSECONDS);
        sink.write(last, buffer, Callback.from(() -> {
            deadline.cancel();
            if (done.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }, failure -> {
            deadline.cancel();
            if (done.compareAndSet(false, true)) {
                callback.failed(failure);
            }
        }));
    }
}
