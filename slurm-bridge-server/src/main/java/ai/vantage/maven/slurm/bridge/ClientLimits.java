package ai.vantage.maven.slurm.bridge;

import java.time.Duration;

/**
 * How long and how slowly a client may keep a connection, so that slow or stalled clients cannot starve the others.
 *
 * @param headTimeout the longest a request head (request line and headers) may take to arrive, counted from its
 *     first byte (on a new connection, from the connection)
 * @param idleTimeout the longest a connection may make no progress, reading or writing, before it is closed
 * @param minRequestRate the slowest a client may send a request head, in bytes per second, on average once the head
 *     has taken longer than {@link #RATE_GRACE} (a body is never read: the connection closes after the answer)
 * @param minResponseRate the slowest a client may read a response body, in bytes per second, on average once the
 *     response has taken longer than the idle timeout
 */
public record ClientLimits(Duration headTimeout, Duration idleTimeout, long minRequestRate, long minResponseRate) {

    public static final int DEFAULT_HEAD_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    public static final String DEFAULT_MIN_REQUEST_RATE = "256";
    public static final String DEFAULT_MIN_RESPONSE_RATE = "16k";

    /** How long a request head may arrive at any rate before the minimum request rate applies. */
    public static final Duration RATE_GRACE = Duration.ofSeconds(5);

    /** The defaults: 10 s for a request head, 30 s idle, 256 bytes/s in, 16 KiB/s out. */
    public static final ClientLimits DEFAULT = new ClientLimits(Duration.ofSeconds(DEFAULT_HEAD_TIMEOUT_SECONDS),
            Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), ByteSize.parse("rate", DEFAULT_MIN_REQUEST_RATE),
            ByteSize.parse("rate", DEFAULT_MIN_RESPONSE_RATE));

    public ClientLimits {
        require(!headTimeout.isNegative() && !headTimeout.isZero(), "head-timeout", headTimeout.toSeconds());
        require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idle-timeout", idleTimeout.toSeconds());
        requireRate("min-request-rate", minRequestRate, DEFAULT_MIN_REQUEST_RATE);
        requireRate("min-response-rate", minResponseRate, DEFAULT_MIN_RESPONSE_RATE);
    }

    private static void require(boolean valid, String option, long seconds) {
        if (!valid) {
            throw new IllegalArgumentException("Invalid " + option + " '" + seconds + "': expected seconds > 0");
        }
    }

    private static void requireRate(String option, long rate, String example) {
        if (rate <= 0) {
            throw new IllegalArgumentException("Invalid " + option + " '" + rate
                    + "': expected a size > 0 in bytes per second, e.g. " + example);
        }
    }
}
