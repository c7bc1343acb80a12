package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.ReadAhead;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks a tar archive (gzip, xz, bzip2 or uncompressed, told apart by their magic bytes) as a stream, refusing
 * anything that would write outside the destination or that a Slurm tree never holds: {@code ..} and absolute
 * names (names are normalised first: {@code .} and empty components dropped), links leading outside (a symbolic
 * link's target is followed component by component through the links extracted before it, and once the archive is
 * unpacked every link is resolved again through all the links the tree holds on disk, {@link LinkResolution}),
 * entries under a symlink, device and FIFO nodes, duplicate entries, and more bytes than {@code maxUnpackedSize}
 * (decompression bombs). Each entry is checked before any of its bytes is written. An extractor made
 * {@link #untilVerified} also stops, while its bytes are not verified yet, before the tree holds more than
 * max(64 MiB, 50 × the compressed bytes read so far) ({@link UnverifiedExpansionException}). Hard links
 * stay hard links; setuid, setgid and sticky bits are dropped with a warning, group and other write bits silently.
 * An {@link EntryReader} sees the first bytes of chosen files as they are written; a long unpack reports its progress.
 */
public final class SafeTarExtractor {

    private static final int BUFFER = 1 << 16;
    /** How far the decompressor runs ahead of the file writer, and in what pieces. */
    private static final int READ_AHEAD = 16 << 20;
    private static final int READ_AHEAD_PIECE = 256 * 1024;
    /** What unverified bytes may always expand to. */
    static final long UNVERIFIED_FLOOR = 64L << 20;
    /** How many times the compressed bytes read so far unverified bytes may expand to, beyond the floor. */
    static final long UNVERIFIED_RATIO = 50;

    private final long maxUnpackedSize;
    private final Consumer<String> warnings;
    private final Consumer<String> progress;
    private final Duration progressEvery;
    private final BooleanSupplier verified;

    /**
     * @param maxUnpackedSize the most bytes the archive may expand to
     * @param warnings told of every mode bit dropped
     */
    public SafeTarExtractor(long maxUnpackedSize, Consumer<String> warnings) {
        this(maxUnpackedSize, warnings, line -> {}, Duration.ofDays(1));
    }

    /**
     * @param maxUnpackedSize the most bytes the archive may expand to
     * @param warnings told of every mode bit dropped
     * @param progress told how far the unpack got, at most once every {@code progressEvery}
     */
    public SafeTarExtractor(
            long maxUnpackedSize, Consumer<String> warnings, Consumer<String> progress, Duration progressEvery) {
        this(maxUnpackedSize, warnings, progress, progressEvery, () -> true);
    }

    private SafeTarExtractor(long maxUnpackedSize, Consumer<String> warnings, Consumer<String> progress,
            Duration progressEvery, BooleanSupplier verified) {
        this.maxUnpackedSize = maxUnpackedSize;
        this.warnings = warnings;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.verified = verified;
    }

    /**
     * This extractor, for bytes whose signature is checked only once they all arrived: until {@code verified} says
     * they are, an extraction throws {@link UnverifiedExpansionException} rather than let the tree grow beyond
     * max(64 MiB, 50 × the compressed bytes read so far), so a bomb under a signature that will not verify cannot
     * fill the disk before it is refused.
     */
    public SafeTarExtractor untilVerified(BooleanSupplier verified) {
        return new SafeTarExtractor(maxUnpackedSize, warnings, progress, progressEvery, verified);
    }

    /** What an extraction wrote. */
    public record Summary(long files, long directories, long links, long bytes) {}

    /** Sees the first bytes of the regular files it chooses, in the one read of the archive. */
    public interface EntryReader {

        /** How many leading bytes of the regular file {@code name} (e.g. {@code view/bin/sinfo}) to see; 0 for none. */
        int wants(String name);

        /** The first bytes of {@code name}: as many as {@link #wants} asked for, fewer when the file is shorter. */
        void read(String name, byte[] head);
    }

    /**
     * Unpacks {@code archive} (the raw, possibly compressed bytes; read once, not closed) into {@code destination},
     * which must exist and should be empty, showing {@code reader} the files it wants.
     */
    public Summary extract(InputStream archive, Path destination, EntryReader reader) throws IOException {
        Path root = destination.toRealPath();
        CountingInput compressed = new CountingInput(archive);
        Extraction extraction = new Extraction(root, reader, compressed);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(compressed))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                extraction.entry(tar, entry);
            }
        }
        extraction.refuseLinksLeadingOut();
        extraction.finishDirectories();
        return new Summary(extraction.files, extraction.directoryModes.size(), extraction.links, extraction.bytes);
    }

    /** {@link #extract(InputStream, Path, EntryReader)} with no reader. */
    public Summary extract(InputStream archive, Path destination) throws IOException {
        return extract(archive, destination, NO_READER);
    }

    /** Reads {@code archive} without writing anything, showing {@code reader} the regular files it wants. */
    public static void read(InputStream archive, EntryReader reader) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = normalize(entry.getName());
                int wanted = isRegular(entry) ? reader.wants(name) : 0;
                if (wanted > 0) {
                    reader.read(name, tar.readNBytes(wanted));
                }
            }
        }
    }

    private static final EntryReader NO_READER = new EntryReader() {
        @Override
        public int wants(String name) {
            return 0;
        }

        @Override
        public void read(String name, byte[] head) {}
    };

    /**
     * The tar stream inside {@code raw}: gzip, bzip2 or xz as Commons Compress detects them, else a plain tar. The
     * decompressor runs ahead on a thread of its own ({@link ReadAhead}, up to 16 MiB in 256 KiB pieces), so
     * inflating overlaps with writing the files, as {@code tar -xz} overlaps gzip and tar; closing the stream stops
     * that thread before {@code raw} is read further, so {@code raw} is still read once, in order, by one thread at a
     * time.
     */
    private static InputStream decompress(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(new NonClosing(raw), BUFFER);
        String compressor;
        try {
            compressor = CompressorStreamFactory.detect(in);
        } catch (CompressorException noCompressorSignature) {
            return in;
        }
        InputStream decompressed = switch (compressor) {
            case CompressorStreamFactory.GZIP -> new GzipCompressorInputStream(in, true);
            case CompressorStreamFactory.BZIP2 -> new BZip2CompressorInputStream(in, true);
            case CompressorStreamFactory.XZ -> new XZCompressorInputStream(in, true);
            case CompressorStreamFactory.ZSTANDARD -> throw new IOException("The archive is zstd-compressed, which this"
                    + " installer does not unpack (it would need a native library); Slurm Factory tarballs are gzip"
                    + " (tar.gz)");
            default -> throw new IOException("The archive is compressed with " + compressor + ", which this installer"
                    + " does not unpack (it unpacks tar, tar.gz, tar.bz2 and tar.xz); Slurm Factory tarballs are gzip"
                    + " (tar.gz)");
        };
        return new ReadAhead(decompressed, READ_AHEAD, READ_AHEAD_PIECE, "slurm-inflate");
    }

    /** The state of one extraction. */
    private final class Extraction {
        private final Path root;
        private final EntryReader reader;
        private final CountingInput compressed;
        private final Map<String, Boolean> seen = new HashMap<>();
        private final Map<String, String> symlinks = new HashMap<>();
        private final List<Map.Entry<Path, Integer>> directoryModes = new ArrayList<>();
        /** One buffer for every file: a tree of 100,000 small files would otherwise allocate 6 GiB of them. */
        private final byte[] buffer = new byte[BUFFER];
        private long files;
        private long links;
        private long bytes;
        private long lastProgress = System.nanoTime();

        Extraction(Path root, EntryReader reader, CountingInput compressed) {
            this.root = root;
            this.reader = reader;
            this.compressed = compressed;
        }

        void entry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
            String name = normalize(entry.getName());
            Path target = inside(name, name);
            if (seen.put(name, isRegular(entry)) != null) {
                throw new UnsafeArchiveException(entry.getName(), "a second entry of the same name");
            }
            noSymlinkAbove(entry.getName(), target);
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                directoryModes.add(Map.entry(target, entry.getMode()));
            } else if (entry.isLink()) {
                String linked = normalize(entry.getLinkName());
                Path source = inside(entry.getName(), linked);
                if (!Boolean.TRUE.equals(seen.get(linked))) {
                    throw new UnsafeArchiveException(entry.getName(),
                            "a hard link to '" + entry.getLinkName() + "', which is no earlier file of the archive");
                }
                Files.createDirectories(target.getParent());
                Files.createLink(target, source);
                links++;
            } else if (entry.isSymbolicLink()) {
                String link = entry.getLinkName();
                if (!LinkResolution.staysInside(name, link, symlinks::get)) {
                    throw new UnsafeArchiveException(entry.getName(),
                            "a symbolic link to '" + link + "', outside the tree being installed (followed through the "
                                    + "links before it)");
                }
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, target.getFileSystem().getPath(link));
                symlinks.put(name, link);
                links++;
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO() || !isRegular(entry)) {
                throw new UnsafeArchiveException(entry.getName(), kind(entry) + ", which a Slurm tree never holds");
            } else {
                if (bytes + entry.getSize() > maxUnpackedSize) {
                    throw bomb(entry.getName());
                }
                Files.createDirectories(target.getParent());
                write(tar, entry.getName(), target, name);
                Files.setPosixFilePermissions(target, permissions(entry.getName(), entry.getMode()));
                files++;
                reportProgress();
            }
        }

        /**
         * Resolves every symbolic link extracted through the links the tree now holds on disk, so that a link leading
         * out only through links made after it is refused too, and a dangling one that would lead out.
         */
        void refuseLinksLeadingOut() throws IOException {
            LinkResolution.Links onDisk = path -> {
                Path file = root.resolve(path);
                return Files.isSymbolicLink(file) ? Files.readSymbolicLink(file).toString() : null;
            };
            for (String name : symlinks.keySet()) {
                String target = onDisk.target(name);
                if (!LinkResolution.staysInside(name, target, onDisk)) {
                    throw new UnsafeArchiveException(name, "a symbolic link to '" + target + "', which leads outside "
                            + "the tree being installed through the links the tree holds (or they loop)");
                }
            }
        }

        private void write(InputStream tar, String name, Path target, String normalized) throws IOException {
            int wanted = reader.wants(normalized);
            byte[] head = new byte[Math.max(wanted, 0)];
            int headFilled = 0;
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                for (int n; (n = tar.read(buffer)) > 0; ) {
                    if (bytes + n > maxUnpackedSize) {
                        throw bomb(name);
                    }
                    withinUnverifiedBound(n);
                    bytes += n;
                    out.write(buffer, 0, n);
                    int copy = Math.min(n, head.length - headFilled);
                    System.arraycopy(buffer, 0, head, headFilled, copy);
                    headFilled += copy;
                }
            }
            if (wanted > 0) {
                reader.read(normalized, Arrays.copyOf(head, headFilled));
            }
        }

        /** Refuses to write {@code more} bytes past the bound of unverified bytes, unless they are verified by now. */
        private void withinUnverifiedBound(int more) throws UnverifiedExpansionException {
            long read = compressed.count();
            long bound = Math.max(UNVERIFIED_FLOOR, UNVERIFIED_RATIO * read);
            if (bytes + more > bound && !verified.getAsBoolean()) {
                throw new UnverifiedExpansionException(bytes, read, bound);
            }
        }

        private void reportProgress() {
            long now = System.nanoTime();
            if (now - lastProgress >= progressEvery.toNanos()) {
                lastProgress = now;
                progress.accept("Unpacking: " + files + " files, " + bytes / (1024 * 1024) + " MiB so far");
            }
        }

        private UnsafeArchiveException bomb(String name) {
            return new UnsafeArchiveException(name, "the archive expands beyond the limit of " + maxUnpackedSize
                    + " bytes (slurm.maxUnpackedSize)");
        }

        private Path inside(String entry, String name) throws UnsafeArchiveException {
            Path target = root.resolve(name).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new UnsafeArchiveException(entry, "'" + name + "' lies outside the tree being installed");
            }
            return target;
        }

        private void noSymlinkAbove(String entry, Path target) throws UnsafeArchiveException {
            for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    throw new UnsafeArchiveException(entry, "it lies under the symbolic link '"
                            + root.relativize(p) + "', through which it could be written anywhere");
                }
            }
        }

        void finishDirectories() throws IOException {
            for (int i = directoryModes.size() - 1; i >= 0; i--) {
                Map.Entry<Path, Integer> directory = directoryModes.get(i);
                if (Files.isDirectory(directory.getKey(), LinkOption.NOFOLLOW_LINKS)) {
                    Set<PosixFilePermission> permissions = permissions(root.relativize(directory.getKey()) + "/",
                            directory.getValue());
                    permissions.add(PosixFilePermission.OWNER_WRITE);
                    permissions.add(PosixFilePermission.OWNER_EXECUTE);
                    permissions.add(PosixFilePermission.OWNER_READ);
                    Files.setPosixFilePermissions(directory.getKey(), permissions);
                }
            }
        }

        private Set<PosixFilePermission> permissions(String name, int mode) {
            if ((mode & 07000) != 0) {
                warnings.accept("Dropped the " + special(mode) + " bit of " + name + " (mode "
                        + Integer.toOctalString(mode & 07777) + ")");
            }
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
            };
            for (int bit = 0; bit < order.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    permissions.add(order[bit]);
                }
            }
            // a group- or world-writable file or folder would let other users replace what root runs next
            permissions.remove(PosixFilePermission.GROUP_WRITE);
            permissions.remove(PosixFilePermission.OTHERS_WRITE);
            return permissions;
        }
    }

    private static String special(int mode) {
        List<String> bits = new ArrayList<>();
        if ((mode & 04000) != 0) {
            bits.add("setuid");
        }
        if ((mode & 02000) != 0) {
            bits.add("setgid");
        }
        if ((mode & 01000) != 0) {
            bits.add("sticky");
        }
        return String.join("/", bits);
    }

    /** {@code name} without {@code .} and empty components, refused when absolute, empty or climbing with {@code ..}. */
    private static String normalize(String name) throws UnsafeArchiveException {
        if (name.startsWith("/") || name.contains("\0")) {
            throw new UnsafeArchiveException(name, "an absolute or empty name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArchiveException(name, "a '..' component, which could climb out of the tree");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new UnsafeArchiveException(name, "an absolute or empty name");
        }
        return String.join("/", parts);
    }

    private static boolean isRegular(TarArchiveEntry entry) {
        byte type = entry.getLinkFlag();
        return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "a device node";
        }
        if (entry.isFIFO()) {
            return "a FIFO";
        }
        return "an entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    /** Counts the compressed bytes the decompressor read (on its own thread), for the bound of unverified bytes. */
    private static final class CountingInput extends FilterInputStream {
        private volatile long count;

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Keeps the caller's stream open: it owns it. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
