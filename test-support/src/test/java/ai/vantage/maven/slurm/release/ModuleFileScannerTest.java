package ai.vantage.maven.slurm.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release a tarball's module file shows, read from its raw bytes as they pass by, in chunks of any size. */
class ModuleFileScannerTest {

    private static final SlurmCoordinate NOBLE = SlurmCoordinate.parse("25.11:noble");
    private static final String MODULES = ModuleFileRelease.MODULE_FOLDER;

    @TempDir
    Path dir;

    private static String module(String spack) {
        return "-- slurm@" + spack + " %gcc@=13.3.0\nwhatis([[Version : " + spack + "]])\nlocal version = \"" + spack
                + "\"\n";
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Feeds {@code bytes} in pieces of random sizes (1 byte to 70 KiB), as a download's reads hand them over. */
    private static ReleaseShown scan(byte[] bytes, long seed) {
        ModuleFileScanner scanner = new ModuleFileScanner();
        Random random = new Random(seed);
        for (int off = 0; off < bytes.length; ) {
            int n = Math.min(bytes.length - off,
                    random.nextBoolean() ? 1 + random.nextInt(16) : random.nextInt(70_000));
            scanner.update(bytes, off, n);
            off += n;
        }
        return scanner.shown();
    }

    @Test
    void theCacheShapedTarballShowsItsReleaseInAnyChunking() throws Exception {
        byte[] tarball = Files.readAllBytes(FixtureTarball.of(NOBLE).patch("7").padding(300_000)
                .write(dir.resolve("t.tar.gz")));

        for (long seed = 0; seed < 20; seed++) {
            ReleaseShown shown = scan(tarball, seed);
            assertEquals(Optional.of(ExactRelease.ofSpack("25-11-7-1")), shown.release(), shown.toString());
            assertEquals(MODULES + "25-11-7-1.lua", shown.evidence());
        }
    }

    @Test
    void aPlainTarAMultiMemberGzipAndPaxLongNamesAreRead() throws Exception {
        String longName = "./" + "./".repeat(60) + MODULES + "25-11-6-1.lua";
        byte[] plain = tar(Map.of("view/bin/sinfo", "x", longName, module("25-11-6-1")));
        int half = plain.length / 2;
        byte[] twoMembers = concat(gzip(Arrays.copyOf(plain, half)),
                gzip(Arrays.copyOfRange(plain, half, plain.length)));

        for (byte[] bytes : new byte[][] {plain, twoMembers}) {
            assertEquals(Optional.of(ExactRelease.ofSpack("25-11-6-1")), scan(bytes, 1).release(), scan(bytes, 1)
                    .toString());
        }
    }

    @Test
    void whatTheModuleFilesDoNotSettleIsUnknown() throws Exception {
        ReleaseShown none = scan(gzip(tar(Map.of("view/bin/sinfo", "x"))), 2);
        ReleaseShown two = scan(gzip(tar(Map.of(MODULES + "25-11-6-1.lua", module("25-11-6-1"),
                MODULES + "25-11-7-1.lua", module("25-11-7-1")))), 3);
        ReleaseShown blank = scan(gzip(tar(Map.of(MODULES + "slurm.lua", "-- nothing here\n"))), 4);

        assertTrue(none.release().isEmpty() && none.evidence().contains("has no module file"), none.toString());
        assertTrue(two.release().isEmpty() && two.evidence().contains("name no single release"), two.toString());
        assertTrue(blank.release().isEmpty() && blank.evidence().contains("names no Slurm release"), blank.toString());
    }

    @Test
    void anotherCompressionOrDamagedBytesShowNoRelease() throws Exception {
        byte[] xz = new byte[4096];
        System.arraycopy(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 0, xz, 0, 6);
        byte[] damaged = gzip(tar(Map.of(MODULES + "25-11-6-1.lua", module("25-11-6-1"))));
        Arrays.fill(damaged, 12, damaged.length - 8, (byte) 0x55);

        ReleaseShown other = scan(xz, 5);
        ReleaseShown broken = scan(damaged, 6);

        assertTrue(other.release().isEmpty() && other.evidence().contains("neither gzip nor a plain tar"),
                other.toString());
        assertTrue(broken.release().isEmpty() && broken.evidence().contains("cannot be read as a tar archive"),
                broken.toString());
    }

    @Test
    void nothingIsInflatedOnceTheDefaultModuleWasRead() throws Exception {
        byte[] tarball = Files.readAllBytes(FixtureTarball.of(NOBLE).padding(1_000_000).write(dir.resolve("t.tar.gz")));
        // the fixture writes the module and .modulerc.lua before its padding: damage the padding's compressed bytes
        Arrays.fill(tarball, tarball.length - 200_000, tarball.length - 8, (byte) 0);

        assertEquals(Optional.of(ExactRelease.ofMaven("25.11.6")).map(ExactRelease::mavenVersion),
                scan(tarball, 7).release().map(ExactRelease::mavenVersion));
    }

    @Test
    void aRecordKeepsTheReleaseAndItsEvidence() {
        ReleaseShown shown = ReleaseShown.of(ExactRelease.ofSpack("25-11-6-1"), MODULES + "25-11-6-1.lua");
        ReleaseShown unknown = ReleaseShown.unknown("it has no module file");

        assertEquals(shown, ReleaseShown.parseRecord(shown.record()));
        assertEquals(unknown, ReleaseShown.parseRecord(unknown.record()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
