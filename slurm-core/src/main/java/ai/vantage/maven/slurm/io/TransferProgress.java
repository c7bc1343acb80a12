package ai.vantage.maven.slurm.io;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of one long transfer (a download, an unpack), as a line at most every {@code interval}: what, bytes so far
 * of the total, the rate since the start, and where from. Feed it every byte count with {@link #update}, or use it
 * as the {@link ObservedInputStream.Observer} of the stream being read. Not thread-safe: use it from the thread that
 * moves the bytes.
 */
public final class TransferProgress implements ObservedInputStream.Observer {

    private final String verb;
    private final String what;
    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final long start;
    private final Supplier<String> source;
    private long bytes;
    private long lastLine;

    /**
     * @param verb the step, e.g. {@code Downloading} or {@code Unpacking}
     * @param what what is transferred, e.g. a coordinate
     * @param total the total bytes, or {@code -1} when unknown
     * @param source where the bytes come from now (a URL, a file; it changes on a failover), or null
     * @param interval the least time between two lines; zero or negative turns them off
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     * @param log where lines go (INFO level)
     */
    public TransferProgress(String verb, String what, long total, Supplier<String> source, Duration interval,
            LongSupplier nanoTime, Consumer<String> log) {
        this.verb = verb;
        this.what = what;
        this.total = total;
        this.source = source;
        this.intervalNanos = interval.isNegative() || interval.isZero() ? Long.MAX_VALUE : interval.toNanos();
        this.nanoTime = nanoTime;
        this.log = log;
        this.start = nanoTime.getAsLong();
        this.lastLine = start;
    }

    @Override
    public void update(byte[] bytes, int off, int len) {
        update(len);
    }

    /** Counts {@code count} more bytes; logs a line when the interval has passed since the last one. */
    public void update(long count) {
        bytes += count;
        if (intervalNanos == Long.MAX_VALUE) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastLine >= intervalNanos) {
            lastLine = now;
            log.accept(line(now));
        }
    }

    /** The bytes counted so far. */
    public long bytes() {
        return bytes;
    }

    /** The progress line as of {@code now}. */
    String line(long now) {
        double seconds = Math.max(now - start, 1) / 1e9;
        StringBuilder line = new StringBuilder(verb).append(' ').append(what).append(": ").append(size(bytes));
        if (total >= 0) {
            line.append(" of ").append(size(total))
                    .append(String.format(Locale.ROOT, " (%d%%)", total == 0 ? 100 : bytes * 100 / total));
        }
        line.append(" at ").append(size((long) (bytes / seconds))).append("/s");
        if (source != null) {
            line.append(" from ").append(source.get());
        }
        return line.toString();
    }

    /** {@code bytes} in B, kB, MB or GB (powers of 1000, one decimal), as Maven prints transfer sizes. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
