package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseDirectoryTest {

    @TempDir
    Path prefix;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private ReleaseDirectory releases(int keep) {
        return new ReleaseDirectory(prefix, keep, log::add);
    }

    private static ReleaseDirectory.Unpacker<IOException> tree(String version) {
        return staging -> {
            Files.createDirectories(staging.resolve("view/bin"));
            Files.writeString(staging.resolve("view/bin/sinfo"), version);
        };
    }

    private String installed() throws IOException {
        return Files.readString(prefix.resolve("view/bin/sinfo"));
    }

    @Test
    void switchesKeepsAndPrunesReleases() throws IOException {
        ReleaseDirectory releases = releases(1);
        String first = releases.install("a", tree("1"));
        assertEquals("1", installed());
        String second = releases.install("b", tree("2"));
        assertEquals("2", installed());
        assertEquals(List.of(first, second), releases.releaseIds());
        String third = releases.install("c", tree("3"));
        assertEquals(List.of(second, third), releases.releaseIds(), "one previous release is kept");
        assertEquals(third, releases.current().orElseThrow());

        assertEquals(second, releases.rollback());
        assertEquals("2", installed());
        IOException none = assertThrows(IOException.class, releases::rollback);
        assertTrue(none.getMessage().contains("No release before"), none.getMessage());
    }

    @Test
    void failureMidUnpackLeavesThePreviousRelease() throws IOException {
        ReleaseDirectory releases = releases(1);
        releases.install("a", tree("1"));
        assertThrows(IOException.class, () -> releases.install("b", staging -> {
            tree("2").unpack(staging);
            throw new IOException("disk full");
        }));
        assertEquals("1", installed());
        try (var staging = Files.newDirectoryStream(prefix, ".staging-*")) {
            assertTrue(!staging.iterator().hasNext(), "the staging folder is removed");
        }
    }

    @Test
    void leftoversOfAKilledRunAreRemoved() throws IOException {
        Files.createDirectories(prefix.resolve(".staging-old/view"));
        releases(1).install("a", tree("1"));
        assertTrue(Files.notExists(prefix.resolve(".staging-old")));
        assertTrue(log.stream().anyMatch(l -> l.contains("left by an interrupted install")), log.toString());
    }

    @Test
    void adoptsAManualInstall() throws IOException {
        Files.createDirectories(prefix.resolve("view/bin"));
        Files.writeString(prefix.resolve("view/bin/sinfo"), "manual");
        ReleaseDirectory releases = releases(1);
        releases.install("a", tree("1"));
        assertEquals("1", installed());
        assertTrue(releases.releaseIds().get(0).contains("-manual-"), releases.releaseIds().toString());
        releases.rollback();
        assertEquals("manual", installed(), "the manual install is kept as the release before");
    }

    @Test
    void treeWithoutViewIsRefused() {
        IOException e = assertThrows(IOException.class, () -> releases(1).install("a", staging -> {}));
        assertTrue(e.getMessage().contains("view/"), e.getMessage());
    }

    @Test
    void theLockSerializesInstallers() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                ReleaseDirectory releases = releases(5);
                return releases.locked(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        return releases.install("t" + n, tree("v" + n));
                    } finally {
                        inside.decrementAndGet();
                    }
                });
            }));
        }
        start.countDown();
        for (Future<String> result : results) {
            result.get();
        }
        pool.shutdown();
        assertEquals(1, most.get(), "never two installers inside the lock at once");
    }
}
