package ai.vantage.maven.slurm.upstream;

import java.net.URI;

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
}
