package ai.vantage.maven.slurm.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's tarball has the size asked for and the shape of a real Slurm view. */
class RealisticTarballTest {

    @TempDir
    Path dir;

    /** Each entry and the first bytes (up to 4 KiB) of each file. */
    private record Read(Map<String, TarArchiveEntry> entries, Map<String, byte[]> heads) {}

    private static Read read(Path tarball) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> heads = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                assertTrue(entries.put(entry.getName(), entry) == null, "one entry per path: " + entry.getName());
                if (regular(entry)) {
                    heads.put(entry.getName(), tar.readNBytes(4096));
                }
            }
        }
        return new Read(entries, heads);
    }

    /** A regular file: commons-compress counts links as files too. */
    private static boolean regular(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isLink() && !entry.isSymbolicLink();
    }

    private static String text(Read read, String name) {
        return new String(read.heads.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void reachesTheSizeCompressesAbout2To1AndCountsWhatItWrote() throws IOException {
        long target = 48L << 20;
        Path tarball = dir.resolve("t.tar.gz");

        RealisticTarball.Summary summary = RealisticTarball.write(FixtureCache.NOBLE, target, tarball);
        Read read = read(tarball);

        assertEquals(Files.size(tarball), summary.compressedBytes());
        assertTrue(summary.compressedBytes() >= target && summary.compressedBytes() < target + (16 << 20),
                summary.toString());
        double ratio = (double) summary.treeBytes() / summary.compressedBytes();
        assertTrue(ratio > 1.8 && ratio < 2.3, "tree / tarball = " + ratio);
        long files = read.entries.values().stream().filter(RealisticTarballTest::regular).count();
        long bytes = read.entries.values().stream().filter(RealisticTarballTest::regular).mapToLong(TarArchiveEntry::getSize).sum();
        assertEquals(summary.files(), files);
        assertEquals(summary.treeBytes(), bytes);
        assertEquals(summary.hardLinks(), read.entries.values().stream().filter(TarArchiveEntry::isLink).count());
        assertEquals(summary.symlinks(), read.entries.values().stream().filter(TarArchiveEntry::isSymbolicLink).count());
        assertTrue(summary.hardLinks() > 2 && summary.symlinks() > 2 && files > 300, summary.toString());
        assertTrue(read.entries.values().stream().filter(RealisticTarballTest::regular).anyMatch(e -> e.getSize() > 1 << 20)
                && read.entries.values().stream().filter(RealisticTarballTest::regular).filter(e -> e.getSize() < 16 << 10)
                        .count() > 100, "MB-sized libraries and many small files");
    }

    @Test
    void largeFilesShapeIsMiBSizedFilesAboutHalfIncompressible() throws IOException {
        long target = 96L << 20; // Slurm's own files are about 35 MiB of it
        Path tarball = dir.resolve("large.tar.gz");

        RealisticTarball.Summary summary = RealisticTarball.write(FixtureCache.NOBLE,
                RealisticTarball.Shape.LARGE_FILES, target, tarball);
        Read read = read(tarball);

        assertEquals(Files.size(tarball), summary.compressedBytes());
        assertTrue(summary.compressedBytes() >= target && summary.compressedBytes() < target + (16 << 20),
                summary.toString());
        long large = read.entries.values().stream().filter(RealisticTarballTest::regular)
                .filter(e -> e.getSize() >= 2 << 20 && e.getName().endsWith(".dat")).count();
        long largeBytes = read.entries.values().stream().filter(RealisticTarballTest::regular)
                .filter(e -> e.getName().endsWith(".dat")).mapToLong(TarArchiveEntry::getSize).sum();
        assertTrue(large >= 8 && largeBytes > summary.treeBytes() * 0.6, large + " large files, " + summary);
        // every other large file is random, the others compress about 10:1: the tree about 1.8:1, as in issue 21
        double ratio = (double) summary.treeBytes() / summary.compressedBytes();
        assertTrue(ratio > 1.5 && ratio < 2.1, "tree / tarball = " + ratio);
        assertTrue(read.entries.containsKey("view/bin/sinfo"), "a runnable sinfo, as in the small-files shape");
    }

    @Test
    void namesTheShapesTheBenchmarkTakes() {
        assertEquals(RealisticTarball.Shape.LARGE_FILES, RealisticTarball.Shape.of("large"));
        assertEquals(RealisticTarball.Shape.SMALL_FILES, RealisticTarball.Shape.of("small"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RealisticTarball.Shape.of("huge"));
        assertEquals("No tree shape 'huge': valid are small and large", e.getMessage());
    }

    @Test
    void isAViewWithFactoryModulesElfBinariesAndLinksInsideIt() throws IOException {
        Path tarball = dir.resolve("t.tar.gz");
        RealisticTarball.write(FixtureCache.NOBLE, 1, tarball);
        Read read = read(tarball);

        assertTrue(read.entries.keySet().stream().allMatch(n -> n.startsWith("view/")), read.entries.keySet().toString());
        String module = text(read, "view/assets/modules/slurm/25-11-6-1.lua");
        for (String line : new String[] {"-- slurm@25-11-6-1 ", "whatis([[Version : 25-11-6-1]])",
            "local version = \"25-11-6-1\"", "setenv(\"SLURM_BUILD_COMPILER\", \"gcc@13.3.0\")",
            "setenv(\"SLURM_BUILD_TARGET\", \"x86_64_v3\")"}) {
            assertTrue(module.contains(line), line + " in\n" + module);
        }
        assertEquals("module_version(\"25-11-6-1\",\"default\")\n", text(read, "view/assets/modules/slurm/.modulerc.lua"));
        assertTrue(text(read, "view/bin/sinfo").startsWith("#!/bin/sh\n"));
        assertTrue(text(read, "view/bin/sinfo").contains("echo \"slurm 25.11.6\""));
        assertEquals(0755, read.entries.get("view/bin/sinfo").getMode() & 0777);
        for (String binary : new String[] {"view/bin/srun", "view/sbin/slurmctld", "view/lib/libslurm.so.43.0.0"}) {
            assertElf(read.heads.get(binary), 62, binary);
        }
        for (TarArchiveEntry entry : read.entries.values()) {
            if (entry.isLink()) {
                assertTrue(regular(read.entries.get(entry.getLinkName())), entry.getName() + " -> " + entry.getLinkName());
            } else if (entry.isSymbolicLink()) {
                String target = entry.getName().substring(0, entry.getName().lastIndexOf('/') + 1) + entry.getLinkName();
                assertTrue(read.entries.containsKey(target), entry.getName() + " -> " + entry.getLinkName());
            }
        }
    }

    @Test
    void arm64BinariesAreAArch64() throws IOException {
        Path tarball = dir.resolve("arm.tar.gz");
        SlurmCoordinate arm = FixtureCache.NOBLE_ARM64;
        RealisticTarball.write(arm, 1, tarball);
        Read read = read(tarball);

        assertElf(read.heads.get("view/sbin/slurmd"), 183, "view/sbin/slurmd");
        assertTrue(text(read, "view/assets/modules/slurm/25-11-6-1.lua").contains("setenv(\"SLURM_BUILD_TARGET\", \"neoverse_v2\")"));
    }

    private static void assertElf(byte[] head, int machine, String name) {
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, java.util.Arrays.copyOf(head, 7), name);
        assertEquals(machine, (head[18] & 0xff) | (head[19] & 0xff) << 8, name);
    }
}
