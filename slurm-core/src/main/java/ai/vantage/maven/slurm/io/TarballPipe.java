package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Hands the bytes of a tarball, as the Maven transport downloads them, to the install goal that unpacks them at the
 * same time. The writing side is a {@link Flow.Subscriber} of {@link ByteBuffer}s: a JDK type, because the extension
 * and the plugin load this project's classes in class loaders of their own, so only JDK types pass between them (in
 * the repository session's data, {@link ai.vantage.maven.slurm.session.SharedSession#offerPipe}). The reading side is
 * {@link #input()}.
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
    private final BytePipe bytes = new BytePipe(CAPACITY, CHUNK);
    private boolean subscribed;
    private boolean done;

    /** @param what the tarball, for messages (e.g. its coordinate) */
    public TarballPipe(String what) {
        this.what = what;
    }

    /** The bytes as they arrive; the end of the stream only once the writer completed. Read from one thread. */
    public InputStream input() {
        return bytes.input();
    }

    /**
     * Waits until a writer subscribed, which it does once its download is open (its signature check begun, so the
     * signing key it fetched is in the key cache).
     *
     * @throws NotStreamedException when the writer was done without ever subscribing
     */
    public synchronized void awaitWriter() throws IOException {
        while (!subscribed && !done) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the download of " + what, e);
            }
        }
        if (!subscribed) {
            throw new NotStreamedException(what);
        }
    }

    /** Whether any writer subscribed (whether the bytes streamed through this process at all). */
    public synchronized boolean streamed() {
        return subscribed;
    }

    /** Whether the writer completed: every byte arrived and the writer's checks passed. */
    public boolean completed() {
        return bytes.closed();
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        if (subscribed || bytes.ended()) {
            subscription.cancel(); // one stream only: a second download is not these bytes
            return;
        }
        subscribed = true;
        subscription.request(Long.MAX_VALUE);
        notifyAll();
    }

    @Override
    public void onNext(ByteBuffer item) {
        bytes.write(item); // outside this object's lock: it may block while the pipe is full
    }

    @Override
    public void onError(Throwable error) {
        bytes.fail(new IOException("The download of " + what + " failed: " + error.getMessage(), error));
        ended();
    }

    @Override
    public void onComplete() {
        bytes.close();
        ended();
    }

    /**
     * Says the writer is done, whatever happened (call it once the download returned or failed): a stream that did
     * not complete ends in an {@link IOException} for the reader, which no longer waits.
     */
    public void writerDone() {
        bytes.fail(streamed() ? new IOException("The download of " + what + " ended before its last byte arrived")
                : new NotStreamedException(what));
        ended();
    }

    private synchronized void ended() {
        done = true;
        notifyAll();
    }

    /** Thrown to the reader when the tarball's bytes never streamed through this process. */
    public static final class NotStreamedException extends IOException {
        private static final long serialVersionUID = 1L;

        NotStreamedException(String what) {
            super("The bytes of " + what + " did not stream through this process");
        }
    }
}
