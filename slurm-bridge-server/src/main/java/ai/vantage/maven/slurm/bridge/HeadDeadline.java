package ai.vantage.maven.slurm.bridge;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes an HTTP/1 connection whose request head (request line and headers) has not fully arrived within the
 * deadline, counted from the connection for its first request and from the head's first byte for later ones (a
 * connection waiting between requests is the idle timeout's): a client that sends a header line every few seconds
 * keeps a connection open for no longer than this. (The idle timeout alone would let
 * it, and reading heads costs no thread here, so such clients delay nobody else meanwhile.)
 */
final class HeadDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long deadlineNanos;
    private final Consumer<String> closed;

    /**
     * @param closed told the remote address of each connection closed for being slow
     */
    HeadDeadline(Scheduler scheduler, long deadlineNanos, Consumer<String> closed) {
        this.scheduler = scheduler;
        this.deadlineNanos = deadlineNanos;
        this.closed = closed;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            check(http, NanoTime.now());
        }
    }

    /** Checks {@code connection} at its head's deadline, or again one deadline later while it is not reading one. */
    private void check(HttpConnection connection, long opened) {
        if (!connection.getEndPoint().isOpen()) {
            return;
        }
        HttpParser parser = connection.getParser();
        long begun = !parser.inHeaderState() ? 0 : connection.getMessagesIn() == 0 ? opened
                : parser.isStart() ? 0 : parser.getBeginNanoTime();
        long now = NanoTime.now();
        if (begun != 0 && NanoTime.elapsed(begun, now) >= deadlineNanos) {
            closed.accept(String.valueOf(connection.getEndPoint().getRemoteSocketAddress()));
            connection.getEndPoint().close();
            return;
        }
        long wait = begun != 0 ? deadlineNanos - NanoTime.elapsed(begun, now) : deadlineNanos;
        scheduler.schedule(() -> check(connection, opened), wait, TimeUnit.NANOSECONDS);
    }
}
