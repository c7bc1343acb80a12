package ai.vantage.maven.slurm.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.io.ForkedWriter;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.release.ExactRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slurm.lock: its format, stable order, the check against upstream's bytes, and the resolver summary file. */
class LockFileTest {

    private static final String FPR = "FDEA90667641505264EFD114DFB92630BCA5AB71";
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final Instant SIGNED = Instant.parse("2026-06-18T09:30:00Z");

    @TempDir
    Path dir;

    private static LockEntry entry(String shortForm, String sha256, ExactRelease release) {
        return new LockEntry(SlurmCoordinate.parse(shortForm), sha256, 1234, FPR, SIGNED, release);
    }

    @Test
    void writesTheDocumentedFormatInStableOrder() {
        LockFile lock = LockFile.empty()
                .with(entry("25.11:noble-arm64", SHA_B, null))
                .with(entry("25.11:noble", SHA_A, ExactRelease.ofMaven("25.11.6")).withSbom(SHA_B))
                .with(entry("24.11:jammy", SHA_B, null));

        assertEquals("""
                {
                  "format": 1,
                  "artifacts": {
                    "ai.vantage:slurm:24.11:tar.gz:jammy": {
                      "sha256": "%2$s",
                      "size": 1234,
                      "signer": "%3$s",
                      "signed": "2026-06-18T09:30:00Z"
                    },
                    "ai.vantage:slurm:25.11:tar.gz:noble": {
                      "sha256": "%1$s",
                      "size": 1234,
                      "signer": "%3$s",
                      "signed": "2026-06-18T09:30:00Z",
                      "release": "25.11.6",
                      "sbomSha256": "%2$s"
                    },
                    "ai.vantage:slurm:25.11:tar.gz:noble-arm64": {
                      "sha256": "%2$s",
                      "size": 1234,
                      "signer": "%3$s",
                      "signed": "2026-06-18T09:30:00Z"
                    }
                  }
                }
                """.formatted(SHA_A, SHA_B, FPR), lock.toJson());
    }

    @Test
    void roundTripsThroughTheFile() throws Exception {
        LockFile lock = LockFile.empty().with(entry("25.11:noble", SHA_A, ExactRelease.ofMaven("25.11.6"))
                .withSbom(SHA_B));
        Path file = dir.resolve(LockFile.FILE_NAME);
        lock.write(file);

        LockFile read = LockFile.read(file);
        assertEquals(List.copyOf(lock.entries()), List.copyOf(read.entries()));
        assertEquals(lock.toJson(), Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void missingFileLocksNothing() throws Exception {
        LockFile lock = LockFile.read(dir.resolve("absent.lock"));

        assertTrue(lock.entries().isEmpty());
        lock.check(SlurmCoordinate.parse("25.11:noble"), SHA_B);
    }

    @Test
    void otherBytesThanTheLockedOnesFailWithTheRemedy() throws Exception {
        LockFile lock = LockFile.empty().with(entry("25.11:noble", SHA_A, null));
        lock.check(SlurmCoordinate.parse("25.11:noble"), SHA_A);
        lock.check(SlurmCoordinate.parse("25.11:noble-arm64"), SHA_B);

        LockMismatchException e = assertThrows(LockMismatchException.class,
                () -> lock.check(SlurmCoordinate.parse("25.11:noble"), SHA_B));
        assertEquals("upstream rebuilt 25.11 for noble: locked sha256 " + SHA_A + ", got " + SHA_B
                + "; run slurm:lock to accept", e.getMessage());
    }

    @Test
    void entryFromAVerifiedSignature() {
        VerificationResult signature = new VerificationResult("x", "1".repeat(40), FPR, SIGNED, "SHA512");
        LockEntry entry = LockEntry.of(SlurmCoordinate.parse("25.11:noble"), SHA_A, 5, signature, null);

        assertEquals(FPR, entry.signer(), "the pinned primary key, not the subkey");
        assertEquals(SIGNED, entry.signatureTime());
        assertTrue(entry.exactRelease().isEmpty());
    }

    @Test
    void malformedLockNamesTheFileAndTheFault() throws Exception {
        Path file = dir.resolve(LockFile.FILE_NAME);
        Files.writeString(file, "{\"format\": 1, \"artifacts\": {\"ai.vantage:slurm:25.11:tar.gz:noble\": "
                + "{\"sha256\": \"xyz\", \"size\": 1, \"signer\": \"" + FPR + "\", \"signed\": \"2026-06-18T09:30:00Z\"}}}");
        IOException bad = assertThrows(IOException.class, () -> LockFile.read(file));
        assertTrue(bad.getMessage().contains(file.toString()) && bad.getMessage().contains("sha256 must be 64"),
                bad.getMessage());
        assertTrue(bad.getMessage().endsWith("Fix it, or delete it and run slurm:lock to write it anew (slurm:lock "
                + "reads it first, to keep the entries of other artifacts)"), bad.getMessage());

        Files.writeString(file, "{\"format\": 2, \"artifacts\": {}}");
        IOException format = assertThrows(IOException.class, () -> LockFile.read(file));
        assertTrue(format.getMessage().contains("{\"format\": 1"), format.getMessage());

        Files.writeString(file, "{\"format\": 1, \"artifacts\": {\"ai.vantage:slurm:25.11:tar.gz:noble\": {}, "
                + "\"ai.vantage:slurm:25.11:tar.gz:noble\": {}}}");
        IOException twice = assertThrows(IOException.class, () -> LockFile.read(file));
        assertTrue(twice.getMessage().contains("Duplicate"), twice.getMessage());
    }

    @Test
    void releaseOfAnotherSeriesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> entry("25.11:noble", SHA_A, ExactRelease.ofMaven("24.11.6")));
        assertTrue(e.getMessage().contains("not of series 25.11"), e.getMessage());
    }

    @Test
    void summaryFileKeepsOtherArtifactsAndReplacesSlurmLines() throws Exception {
        Path basedir = dir.resolve(".mvn/checksums");
        Files.createDirectories(basedir);
        Files.writeString(basedir.resolve("checksums.sha256"), "# recorded\n" + "c".repeat(64)
                + "  org/example/lib/1.0/lib-1.0.jar\n" + SHA_B + "  ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz\n");
        LockFile lock = LockFile.empty().with(entry("25.11:noble", SHA_A, null)).with(entry("24.11:jammy", SHA_B, null));

        Path file = TrustedChecksumsFile.write(basedir, null, lock);

        assertEquals(SHA_B + "  ai/vantage/slurm/24.11/slurm-24.11-jammy.tar.gz\n"
                + SHA_A + "  ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz\n"
                + "c".repeat(64) + "  org/example/lib/1.0/lib-1.0.jar\n", Files.readString(file));
        assertEquals("checksums-slurm.sha256", TrustedChecksumsFile.fileName("slurm"));
    }

    @Test
    void summaryFileSourceIsReadWithResolversKeysAndDefaults() throws Exception {
        Path local = dir.resolve("repo");
        assertTrue(TrustedChecksumsFile.Source.of(Map.of(), local).isEmpty(), "off unless enabled");
        assertTrue(TrustedChecksumsFile.Source.of(Map.of(TrustedChecksumsFile.CONFIG_PROP_SOURCE, "false"), local)
                .isEmpty());
        assertEquals(new TrustedChecksumsFile.Source(local.resolve(".checksums"), true), TrustedChecksumsFile.Source
                .of(Map.of(TrustedChecksumsFile.CONFIG_PROP_SOURCE, "true"), local).orElseThrow());
        assertEquals(new TrustedChecksumsFile.Source(local.resolve("sums"), false), TrustedChecksumsFile.Source.of(
                Map.of(TrustedChecksumsFile.CONFIG_PROP_SOURCE, Boolean.TRUE, TrustedChecksumsFile.CONFIG_PROP_BASEDIR,
                        "sums", TrustedChecksumsFile.CONFIG_PROP_ORIGIN_AWARE, "false"), local).orElseThrow());
        Path absolute = dir.resolve("project/.mvn/checksums");
        TrustedChecksumsFile.Source source = TrustedChecksumsFile.Source.of(Map.of(TrustedChecksumsFile
                .CONFIG_PROP_SOURCE, "true", TrustedChecksumsFile.CONFIG_PROP_BASEDIR, absolute.toString()), local)
                .orElseThrow();
        assertEquals(absolute, source.basedir());

        LockFile lock = LockFile.empty().with(entry("25.11:noble", SHA_A, null));
        assertEquals(List.of(absolute.resolve("checksums-nexus.sha256"), absolute.resolve("checksums-slurm.sha256")),
                source.write(List.of("slurm", "nexus"), lock), "origin-aware: a file per repository");
        assertEquals(SHA_A + "  ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz\n",
                Files.readString(absolute.resolve("checksums-slurm.sha256")));
        assertEquals(List.of(absolute.resolve("checksums.sha256")),
                new TrustedChecksumsFile.Source(absolute, false).write(List.of("slurm", "nexus"), lock));
    }

    @Test
    void resolverChecksTheLockOnlyWithSha256AmongItsAlgorithms() {
        String on = TrustedChecksumsFile.CONFIG_PROP_POST_PROCESSOR;
        String algorithms = TrustedChecksumsFile.CONFIG_PROP_ALGORITHMS;
        assertTrue(TrustedChecksumsFile.checksSha256(Map.of(on, "true", algorithms, "SHA-1, SHA-256")));
        assertFalse(TrustedChecksumsFile.checksSha256(Map.of(on, "true")), "SHA-1 by default");
        assertFalse(TrustedChecksumsFile.checksSha256(Map.of(algorithms, "SHA-256")), "off by default");
    }

    @Test
    void concurrentUpdatesFromThreadsAndAnotherProcessLoseNoEntry() throws Exception {
        Path file = dir.resolve(LockFile.FILE_NAME);
        Process other = ForkedWriter.start("lock", file.toString(), "0", "100");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<LockFile>> updates = new ArrayList<>();
        for (int i = 100; i < 400; i++) {
            LockEntry entry = ForkedWriter.entry(i);
            updates.add(threads.submit(() -> LockFile.update(file, lock -> lock.with(entry))));
        }
        for (Future<LockFile> update : updates) {
            update.get();
        }
        threads.shutdown();
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), "the other process failed");

        assertEquals(400, LockFile.read(file).entries().size());
    }
}
