package ai.vantage.maven.slurm.upstream;

import java.net.URI;
import java.util.function.Consumer;

/** Told what the {@link UpstreamClient} does besides plain requests, for logs. Methods default to nothing. */
public interface UpstreamListener {

    /** A request to {@code url} failed and will be tried again after {@code delayMillis}. */
    default void retrying(URI url, String reason, int attempt, long delayMillis) {}

    /** A body cut off after {@code received} bytes is resumed with a {@code Range} request. */
    default void resuming(URI url, long received) {}

    /** {@code base} is given up on for this client's lifetime; the next base URL is used. */
    default void failover(URI base, String reason) {}

    /** Nothing is logged. */
    UpstreamListener NONE = new UpstreamListener() {};

    /** Tells {@code also} (e.g. metrics) of each event, then logs it as one line to {@code warn}. */
    static UpstreamListener logging(Consumer<String> warn, UpstreamListener also) {
        return new UpstreamListener() {
            @Override
            public void retrying(URI url, String reason, int attempt, long delayMillis) {
                also.retrying(url, reason, attempt, delayMillis);
                warn.accept(url + " failed (" + reason + "); retry " + attempt + " in " + delayMillis + " ms");
            }

            @Override
            public void resuming(URI url, long received) {
                also.resuming(url, received);
                warn.accept("Download of " + url + " broke off after " + received + " bytes; resuming with a Range "
                        + "request");
            }

            @Override
            public void failover(URI base, String reason) {
                also.failover(base, reason);
                warn.accept("Slurm cache " + base + " is unreachable (" + reason + "); using the next base URL");
            }
        };
    }
}
