package ai.vantage.maven.slurm.bridge;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stable Last-Modified for content made in memory (POMs, metadata, signatures read through): the time these bytes
 * were first seen under a path, kept until the bytes change. Bounded: the least recently used entries are dropped.
 */
final class Stamps {

    private static final int MAX_ENTRIES = 4096;

    private final Clock clock;
    private final Map<String, Stamp> stamps = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stamp> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Stamps(Clock clock) {
        this.clock = clock;
    }

    /** When {@code path} first had content with digest {@code sha1}. */
    synchronized Instant of(String path, String sha1) {
        Stamp stamp = stamps.get(path);
        if (stamp == null || !stamp.sha1.equals(sha1)) {
            stamp = new Stamp(sha1, clock.instant());
            stamps.put(path, stamp);
        }
        return stamp.since;
    }

    private record Stamp(String sha1, Instant since) {}
}
