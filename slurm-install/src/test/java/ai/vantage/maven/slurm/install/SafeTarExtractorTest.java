package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {

    @TempDir
    Path work;

    private Path destination;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void destination() throws IOException {
        destination = Files.createDirectories(work.resolve("prefix/staging"));
    }

    private SafeTarExtractor.Summary extract(byte[] archive, long max) throws IOException {
        return new SafeTarExtractor(max, warnings::add).extract(new ByteArrayInputStream(archive), destination);
    }

    private void assertRefused(TarWriter archive, String rule) throws IOException {
        byte[] bytes = archive.bytes();
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(bytes, 1 << 20));
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        try (Stream<Path> all = Files.walk(work)) {
            assertTrue(all.allMatch(p -> p.startsWith(destination) || destination.startsWith(p)),
                    "nothing may be written outside the destination");
        }
    }

    @Test
    void goodTreeKeepsModesAndHardLinks() throws IOException {
        byte[] archive = TarWriter.inMemory().dir("view").dir("view/bin").file("view/bin/sinfo", 0755, "#!/bin/sh\n")
                .file("view/lib/libslurm.so.42", 0644, "lib").hardLink("view/lib64/libslurm.so.42", "view/lib/libslurm.so.42")
                .symlink("view/lib/libslurm.so", "libslurm.so.42").bytes();

        SafeTarExtractor.Summary summary = extract(archive, 1 << 20);

        assertEquals(2, summary.files());
        assertEquals(2, summary.links());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("view/bin/sinfo"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("view/lib/libslurm.so.42"))));
        assertEquals(Files.getAttribute(destination.resolve("view/lib/libslurm.so.42"), "unix:ino"),
                Files.getAttribute(destination.resolve("view/lib64/libslurm.so.42"), "unix:ino"));
        assertEquals("lib", Files.readString(destination.resolve("view/lib/libslurm.so")));
    }

    @Test
    void decompressorRunsAheadOnAnotherThreadAndStopsBeforeTheCallerReadsOn() throws IOException {
        byte[] archive = TarWriter.inMemory().dir("view")
                .file("view/a.bin", 0644, 3 << 20, bytes -> new java.util.Random(1).nextBytes(bytes))
                .file("view/b.bin", 0644, 3 << 20, bytes -> new java.util.Random(2).nextBytes(bytes)).bytes();
        byte[] raw = archive;
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        java.util.Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.io.InputStream recording = new java.io.FilterInputStream(new ByteArrayInputStream(raw)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                readers.add(Thread.currentThread());
                if (n > 0) {
                    synchronized (seen) {
                        seen.write(b, off, n);
                    }
                }
                return n;
            }
        };

        new SafeTarExtractor(1L << 30, warnings::add).extract(recording, destination);
        java.util.Set<Thread> during = java.util.Set.copyOf(readers);
        readers.clear();
        recording.transferTo(java.io.OutputStream.nullOutputStream());

        // the caller only sniffs the compressor's magic bytes; the decompressor reads on its own thread
        assertTrue(during.stream().anyMatch(t -> t != Thread.currentThread()), "read-ahead thread: " + during);
        assertEquals(java.util.Set.of(Thread.currentThread()), readers, "after extract() only the caller reads");
        assertTrue(java.util.Arrays.equals(raw, seen.toByteArray()), "every byte read once, in order");
        assertEquals(3 << 20, Files.size(destination.resolve("view/b.bin")));
    }

    @Test
    void traversalIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().file("view/../../evil", 0644, "x"), "'..' component");
    }

    @Test
    void absoluteNameIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().absolute("/tmp/evil-" + System.nanoTime()), "absolute");
    }

    @Test
    void symlinkEscapeIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().dir("view").symlink("view/etc", "../../../etc"), "outside the tree");
        assertRefused(TarWriter.inMemory().dir("view").symlink("view/abs", "/etc/passwd"), "outside the tree");
    }

    @Test
    void symlinkChainThroughAnEarlierLinkIsRefused() throws IOException {
        String deep = "view/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12";
        String up = "../".repeat(12) + "..";
        TarWriter chain = TarWriter.inMemory().dir("view");
        for (int i = 1; i <= 12; i++) {
            chain.dir(deep.substring(0, deep.indexOf("d" + i) + ("d" + i).length()));
        }
        // 'up' resolves to the staging root (inside the tree, textually); the second link climbs on from there
        chain.symlink(deep + "/up", up)
                .symlink("view/etc-shadow", deep.substring("view/".length()) + "/up/" + "../".repeat(13) + "etc/shadow");
        assertRefused(chain, "outside the tree");
    }

    @Test
    void symlinkClimbingOnFromALinkToTheRootIsRefused() throws IOException {
        // view/up is the staging root; view/sub/x reads textually as view/etc/passwd but climbs above the root
        assertRefused(TarWriter.inMemory().dir("view").dir("view/sub").symlink("view/up", "..")
                .symlink("view/sub/x", "../up/../etc/passwd"), "outside the tree");
    }

    @Test
    void dotComponentsOfANameAreNotLevelsALinkCanClimb() throws IOException {
        // each '.' was counted as a folder, so nine '..' seemed to stay inside; the link led to /etc
        assertRefused(TarWriter.inMemory().dir("view").symlink("view/./././././././././x", "../".repeat(9) + "etc"),
                "outside the tree");
        // and the link map was keyed by the raw name, so a chain through './sub/up' was missed
        assertRefused(TarWriter.inMemory().dir("view").dir("view/sub").symlink("view/./sub/up", "../..")
                .symlink("view/y", "sub/up/../etc"), "outside the tree");
    }

    @Test
    void linkLeadingOutThroughLinksMadeAfterItIsRefused() throws IOException {
        // checked alone, 'out' stays inside lexically; once the three 'u -> ..' exist, each hop climbs one level
        assertRefused(TarWriter.inMemory().dir("view").dir("view/x").dir("view/x/y")
                .symlink("view/x/y/out", "u/u/u/../../../../../somewhere")
                .symlink("view/x/y/u", "..").symlink("view/x/u", "..").symlink("view/u", ".."),
                "through the links the tree holds");
        // a dangling link that would lead out once the missing part appears counts too
        assertRefused(TarWriter.inMemory().dir("view").dir("view/z")
                .symlink("view/z/out", "w/missing/../../../etc").symlink("view/z/w", ".."),
                "through the links the tree holds");
    }

    @Test
    void linksLoopingAmongThemselvesAreRefused() throws IOException {
        assertRefused(TarWriter.inMemory().dir("view").symlink("view/a", "b/x").symlink("view/b", "a/x"),
                "through the links the tree holds");
    }

    @Test
    void deepLegitimateTreeOfLinksIsKept() throws IOException {
        TarWriter tree = TarWriter.inMemory().dir("view").dir("view/bin").dir("view/sbin").dir("view/lib")
                .file("view/lib/libslurm.so.42.0.0", 0644, "lib").file("view/sbin/slurmctld", 0755, "ctld")
                .symlink("view/lib/libslurm.so.42", "libslurm.so.42.0.0")
                .symlink("view/lib/libslurm.so", "libslurm.so.42")
                .symlink("view/lib64", "lib")
                .symlink("view/bin/slurmctld", "../sbin/slurmctld")
                .symlink("view/sbin/libs", "../lib64/./");
        String deep = "view/share/a/b/c/d/e/f/g/h/i/j";
        for (String dir = deep; dir.contains("/"); dir = dir.substring(0, dir.lastIndexOf('/'))) {
            tree.dir(dir);
        }
        tree.symlink(deep + "/libslurm.so", "../".repeat(11) + "../view/lib64/libslurm.so") // down again from the root
                .symlink(deep + "/up", "../../..").symlink(deep + "/via-up", "up/h/i/j/../../../h/i/j");

        extract(tree.bytes(), 1 << 20);

        assertEquals("lib", Files.readString(destination.resolve(deep + "/libslurm.so")));
        assertEquals("lib", Files.readString(destination.resolve("view/sbin/libs/libslurm.so")));
        assertEquals("ctld", Files.readString(destination.resolve("view/bin/slurmctld")));
        assertTrue(Files.isDirectory(destination.resolve(deep + "/via-up")));
    }

    @Test
    void legitimateRelativeLinkIsKept() throws IOException {
        extract(TarWriter.inMemory().dir("view").dir("view/lib").file("view/lib/libslurm.so.42.0.0", 0644, "lib")
                .symlink("view/lib/libslurm.so", "libslurm.so.42.0.0").bytes(), 1 << 20);
        assertEquals("libslurm.so.42.0.0", Files.readSymbolicLink(destination.resolve("view/lib/libslurm.so")).toString());
        assertEquals("lib", Files.readString(destination.resolve("view/lib/libslurm.so")));
    }

    @Test
    void groupAndOtherWriteBitsAreCleared() throws IOException {
        extract(TarWriter.inMemory().dir("view").dir("view/shared", 0777).file("view/shared/open", 0777, "x").bytes(),
                1 << 20);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("view/shared/open"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("view/shared"))));
    }

    @Test
    void longUnpackReportsProgressAtTheGivenInterval() throws IOException {
        byte[] archive = TarWriter.inMemory().file("view/a", 0644, "a").file("view/b", 0644, "b").bytes();
        List<String> progress = new ArrayList<>();

        new SafeTarExtractor(1 << 20, warnings::add, progress::add, java.time.Duration.ofHours(1))
                .extract(new ByteArrayInputStream(archive), destination);
        assertEquals(List.of(), progress, "a short unpack says nothing");

        new SafeTarExtractor(1 << 20, warnings::add, progress::add, java.time.Duration.ZERO)
                .extract(new ByteArrayInputStream(archive), Files.createDirectories(work.resolve("again")));
        assertEquals(List.of("Unpacking: 1 files, 0 MiB so far", "Unpacking: 2 files, 0 MiB so far"), progress);
    }

    @Test
    void hardLinkEscapeIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().dir("view").hardLink("view/passwd", "../../etc/passwd"), "'..' component");
        assertRefused(TarWriter.inMemory().dir("view").hardLink("view/passwd", "/etc/passwd"), "absolute");
    }

    @Test
    void entryUnderASymlinkIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().dir("view").dir("view/sub").symlink("view/l", "sub")
                        .file("view/l/x", 0644, "x"),
                "under the symbolic link");
    }

    @Test
    void devicesAndFifosAreRefused() throws IOException {
        assertRefused(TarWriter.inMemory().dir("view").special("view/dev", TarConstants.LF_CHR), "a device node");
        assertRefused(TarWriter.inMemory().dir("view").special("view/fifo", TarConstants.LF_FIFO), "a FIFO");
    }

    @Test
    void duplicateEntryIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().file("view/a", 0644, "1").file("view/a", 0644, "2"), "second entry");
    }

    @Test
    void bombIsStoppedAtTheBound() throws IOException {
        byte[] archive = TarWriter.inMemory().file("view/zeros", 0644, 50L << 20, zeros -> { }).bytes();
        assertTrue(archive.length < 1 << 20, "a small archive");
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(archive, 1 << 20));
        assertTrue(e.getMessage().contains("slurm.maxUnpackedSize"), e.getMessage());
    }

    @Test
    void setuidBitsAreDroppedWithAWarning() throws IOException {
        extract(TarWriter.inMemory().file("view/bin/su", 04755, "x").bytes(), 1 << 20);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("view/bin/su"))));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("setuid"), warnings.toString());
    }

    @Test
    void hardLinkToNothingEarlierIsRefused() throws IOException {
        assertRefused(TarWriter.inMemory().hardLink("view/a", "view/b"), "no earlier file");
    }

    @Test
    void xzAndBzip2AreReadByTheirMagicBytes() throws IOException {
        for (String format : new String[] {"xz", "bzip2"}) {
            byte[] tar = TarWriter.inMemory().file("view/" + format, 0644, format).bytes();
            java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream out = new org.apache.commons.compress.compressors.CompressorStreamFactory()
                            .createCompressorOutputStream(format, packed);
                    java.io.InputStream in = new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                            new ByteArrayInputStream(tar))) {
                in.transferTo(out);
            } catch (org.apache.commons.compress.compressors.CompressorException e) {
                throw new IOException(e);
            }
            extract(packed.toByteArray(), 1 << 20);
            assertEquals(format, Files.readString(destination.resolve("view/" + format)));
        }
    }

    @Test
    void zstdIsRefusedClearly() {
        byte[] zstd = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        IOException e = assertThrows(IOException.class, () -> extract(zstd, 1 << 20));
        assertTrue(e.getMessage().contains("zstd"), e.getMessage());
        assertFalse(e instanceof UnsafeArchiveException);
    }

    @Test
    void anotherCompressorIsRefusedNamingIt() {
        byte[] lz4 = {(byte) 0x04, (byte) 0x22, (byte) 0x4d, (byte) 0x18, 0x64, 0x40, (byte) 0xa7, 0, 0, 0, 0, 0};
        IOException e = assertThrows(IOException.class, () -> extract(lz4, 1 << 20));
        assertTrue(e.getMessage().startsWith("The archive is compressed with lz4-framed, which this installer does not "
                + "unpack (it unpacks tar, tar.gz, tar.bz2 and tar.xz)"), e.getMessage());
        assertFalse(e instanceof UnsafeArchiveException);
    }
}
