package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the server can do its job ({@code GET /ready}), as opposed to merely running ({@code /health}): the cache
 * folder is writable, its file system has room for the largest build stored plus one download of that size, no
 * signature check since the last good one lacked the pinned key, and the cache answered within the recheck window
 * (at least a minute).
 * When no answer is that recent, one small request (a build's signature) is sent in the background, at most one at a
 * time, so a probe never waits on the cache.
 */
final class Readiness {

    private static final SlurmCoordinate PROBE =
            new SlurmCoordinate(SlurmSeries.KNOWN.get(SlurmSeries.KNOWN.size() - 1), Toolchain.NOBLE, Arch.AMD64);

    private static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    private final Path cacheDir;
    private final TarballStore store;
    private final MeteredSource source;
    private final Duration window;
    private final Clock clock;
    private final AtomicBoolean probing = new AtomicBoolean();

    Readiness(Path cacheDir, TarballStore store, MeteredSource source, Duration window, Clock clock) {
        this.cacheDir = cacheDir;
        this.store = store;
        this.source = source;
        this.window = window.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : window;
        this.clock = clock;
    }

    /** Why the server cannot do its job now; empty when it can. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        try {
            Files.createDirectories(cacheDir);
            Files.delete(Files.createTempFile(cacheDir, ".ready", ".probe"));
            long largest = store.usage().largest();
            long free = Files.getFileStore(cacheDir).getUsableSpace();
            if (free < 2 * largest) {
                problems.add("the cache folder " + cacheDir + " has " + free + " bytes free, less than twice the "
                        + "largest build stored (" + largest + " bytes): room for a refresh and a download");
            }
        } catch (IOException | SecurityException e) {
            problems.add("the cache folder " + cacheDir + " is not writable: " + e.getMessage());
        }
        source.keyMissing().ifPresent(reason -> problems.add("the pinned key is not loaded: " + reason));
        Instant since = clock.instant().minus(window);
        if (source.lastAnswer().filter(answer -> !answer.isBefore(since)).isEmpty()) {
            probe();
            problems.add("the Slurm cache has not answered within " + window.toMinutes() + " minutes"
                    + source.lastAnswer().map(at -> " (last: " + at + ")").orElse(" (not yet since start)"));
        }
        return problems;
    }

    private void probe() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                source.signature(PROBE);
            } catch (IOException | RuntimeException e) {
                // counted as an upstream failure; still not ready
            } finally {
                probing.set(false);
            }
        }, "slurm-bridge-ready-probe");
        thread.setDaemon(true);
        thread.start();
    }
}
