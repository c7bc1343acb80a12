package ai.vantage.maven.slurm.bridge;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes an HTTP/1 connection whose request head (request line and headers) has not fully arrived within the
 * deadline, counted from the connection for its first request and from the head's first byte for later ones (a
 * connection waiting between requests is the idle timeout's), or whose head, once it has taken longer than the grace,
 * has arrived slower than the minimum rate on average (counted from its first byte): a client that sends a header
 * line every few seconds keeps a connection open for no longer than this. (The idle timeout alone would let it, and
 * reading heads costs no thread here, so such clients delay nobody else meanwhile.)
 */
final class SlowHeads implements Connection.Listener {

    private final Scheduler scheduler;
    private final long deadlineNanos;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private final BiConsumer<String, String> closed;

    /**
     * @param closed told the remote address of each connection closed for being slow, and why
     */
    SlowHeads(Scheduler scheduler, ClientLimits limits, BiConsumer<String, String> closed) {
        this.scheduler = scheduler;
        this.deadlineNanos = limits.headTimeout().toNanos();
        this.minBytesPerSecond = limits.minRequestRate();
        this.graceNanos = ClientLimits.RATE_GRACE.toNanos();
        this.closed = closed;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            check(http, NanoTime.now());
        }
    }

    /** Checks {@code connection} now, then again at the next moment it could be too slow. */
    private void check(HttpConnection connection, long opened) {
        if (!connection.getEndPoint().isOpen()) {
            return;
        }
        HttpParser parser = connection.getParser();
        boolean reading = parser.inHeaderState() && !parser.isStart();
        long begun = !parser.inHeaderState() ? 0 : connection.getMessagesIn() == 0 ? opened
                : reading ? parser.getBeginNanoTime() : 0;
        long now = NanoTime.now();
        long elapsed = begun == 0 ? 0 : NanoTime.elapsed(begun, now);
        String client = String.valueOf(connection.getEndPoint().getRemoteSocketAddress());
        if (begun != 0 && elapsed >= deadlineNanos) {
            close(connection, client, "no request head within " + TimeUnit.NANOSECONDS.toSeconds(deadlineNanos)
                    + " s (--head-timeout)");
            return;
        }
        long headNanos = reading ? NanoTime.elapsed(parser.getBeginNanoTime(), now) : 0;
        if (headNanos >= graceNanos && parser.getHeaderLength() * 1_000_000_000.0 / headNanos < minBytesPerSecond) {
            close(connection, client, "its request head came at " + parser.getHeaderLength() + " bytes in "
                    + headNanos / 1_000_000 + " ms, slower than " + minBytesPerSecond + " bytes/s (--min-request-rate)");
            return;
        }
        long wait = begun != 0 ? deadlineNanos - elapsed : deadlineNanos;
        if (parser.inHeaderState()) { // a head arriving, or one that may begin: checked against the rate
            wait = Math.min(wait, !reading ? graceNanos
                    : headNanos < graceNanos ? graceNanos - headNanos : TimeUnit.SECONDS.toNanos(1));
        }
        scheduler.schedule(() -> check(connection, opened), wait, TimeUnit.NANOSECONDS);
    }

    private void close(HttpConnection connection, String client, String why) {
        closed.accept(client, why);
        connection.getEndPoint().close();
    }
}
