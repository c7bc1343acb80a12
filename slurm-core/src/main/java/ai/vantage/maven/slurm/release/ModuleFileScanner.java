package ai.vantage.maven.slurm.release;

import ai.vantage.maven.slurm.io.ObservedInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the module files of a tarball ({@link ModuleFiles}) from its raw bytes as they pass by, so a download that is
 * hashed and verified shows its release in the same pass: an {@link ObservedInputStream.Observer} that inflates gzip
 * (the cache's format; a plain tar is read as it is) and walks the tar headers (ustar, GNU long names, pax paths and
 * sizes), keeping only the module files' first bytes. It stops inflating once the default module was read
 * ({@link ModuleFiles#settled}). Another compression, or a damaged archive, shows no release. Not thread-safe: feed it
 * from one thread (a {@link ai.vantage.maven.slurm.io.BackgroundObserver}'s, for one).
 */
public final class ModuleFileScanner implements ObservedInputStream.Observer {

    private static final int BLOCK = 512;
    private static final int HEADER_LIMIT = 64 * 1024;
    private static final int GZIP_TRAILER = 8;

    private enum State { DETECT, GZIP_HEADER, DEFLATE, GZIP_TRAILER, TAR, DONE }

    private final ModuleFiles modules = new ModuleFiles();
    private final TarWalk tar = new TarWalk();
    private final byte[] inflated = new byte[64 * 1024];
    private final Inflater inflater = new Inflater(true);
    private byte[] pending = new byte[BLOCK];
    private int pendingFilled;
    private int trailerLeft;
    private State state = State.DETECT;
    private String failure;

    @Override
    public void update(byte[] bytes, int off, int len) {
        try {
            scan(bytes, off, len);
        } catch (RuntimeException e) { // never the hashing thread's failure: the release is unknown
            stop("it could not be walked (" + e + ")");
        }
    }

    private void scan(byte[] bytes, int off, int len) {
        int end = off + len;
        while (off < end && state != State.DONE) {
            switch (state) {
                case DETECT, GZIP_HEADER -> off = header(bytes, off, end);
                case DEFLATE -> off = inflate(bytes, off, end);
                case GZIP_TRAILER -> {
                    int n = Math.min(trailerLeft, end - off);
                    trailerLeft -= n;
                    off += n;
                    if (trailerLeft == 0) {
                        state = State.GZIP_HEADER; // a further member, or the end
                    }
                }
                case TAR -> {
                    tar.update(bytes, off, end - off);
                    off = end;
                }
                default -> off = end;
            }
        }
    }

    /** The release the module files read so far show; call once every byte was fed. */
    public ReleaseShown shown() {
        if (failure != null && !modules.settled()) {
            return ReleaseShown.unknown(failure);
        }
        return modules.shown();
    }

    /** Buffers the first bytes until the format (at the start) or a gzip member's header is known. */
    private int header(byte[] bytes, int off, int end) {
        int n = Math.min(end - off, pending.length - pendingFilled);
        System.arraycopy(bytes, off, pending, pendingFilled, n);
        pendingFilled += n;
        off += n;
        if (state == State.DETECT && pendingFilled >= 2 && !isGzip()) {
            if (pendingFilled < BLOCK) {
                return off;
            }
            if (!new String(pending, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
                return stop("it is neither gzip nor a plain tar (the only forms read in the download's one pass)");
            }
            state = State.TAR;
            tar.update(pending, 0, pendingFilled);
            return off;
        }
        if (state == State.GZIP_HEADER && pendingFilled >= 2 && !isGzip()) {
            state = State.DONE; // bytes after the last member: ignored, as gzip does
            return end;
        }
        int length = gzipHeaderLength();
        if (length == -2) {
            return stop("its gzip header is malformed");
        }
        if (length < 0) {
            if (pendingFilled == pending.length) {
                if (pending.length >= HEADER_LIMIT) {
                    return stop("its gzip header is longer than " + HEADER_LIMIT + " bytes");
                }
                pending = Arrays.copyOf(pending, pending.length * 2);
            }
            return off;
        }
        state = State.DEFLATE;
        inflater.reset();
        int rest = pendingFilled - length;
        pendingFilled = 0;
        if (rest > 0) {
            scan(Arrays.copyOfRange(pending, length, length + rest), 0, rest); // before the bytes after off
        }
        return off;
    }

    private boolean isGzip() {
        return (pending[0] & 0xff) == 0x1f && (pending[1] & 0xff) == 0x8b;
    }

    /** The length of the gzip member header in {@code pending}: -1 while incomplete, -2 when malformed. */
    private int gzipHeaderLength() {
        if (pendingFilled < 10) {
            return -1;
        }
        if (pending[2] != 8) {
            return -2; // deflate is gzip's only method
        }
        int flags = pending[3] & 0xff;
        int at = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (pendingFilled < at + 2) {
                return -1;
            }
            at += 2 + ((pending[at] & 0xff) | (pending[at + 1] & 0xff) << 8);
        }
        for (int flag : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & flag) != 0) {
                while (at < pendingFilled && pending[at] != 0) {
                    at++;
                }
                if (at >= pendingFilled) {
                    return -1;
                }
                at++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            at += 2;
        }
        return at <= pendingFilled ? at : -1;
    }

    private int inflate(byte[] bytes, int off, int end) {
        inflater.setInput(bytes, off, end - off);
        try {
            while (state == State.DEFLATE) {
                int n = inflater.inflate(inflated);
                if (n > 0) {
                    tar.update(inflated, 0, n);
                    if (modules.settled() || tar.ended) {
                        state = State.DONE;
                        return end;
                    }
                } else if (inflater.finished()) {
                    int consumed = end - off - inflater.getRemaining();
                    state = State.GZIP_TRAILER;
                    trailerLeft = GZIP_TRAILER;
                    return off + consumed;
                } else if (inflater.needsDictionary()) {
                    return stop("its gzip stream asks for a dictionary");
                } else {
                    return end; // needs more input
                }
            }
        } catch (DataFormatException e) {
            return stop("its gzip stream is damaged (" + e.getMessage() + ")");
        }
        return end;
    }

    private int stop(String why) {
        failure = "its bytes cannot be read as a tar archive: " + why;
        state = State.DONE;
        return Integer.MAX_VALUE;
    }

    /** The tar headers as blocks arrive; hands the module files' first bytes to {@link #modules}. */
    private final class TarWalk {
        private final byte[] header = new byte[BLOCK];
        private int headerFilled;
        private long dataLeft;
        private long paddingLeft;
        private String entry;
        private char type;
        private byte[] kept;
        private int keptFilled;
        private String longName;
        private String paxPath;
        private long paxSize = -1;
        private int zeroBlocks;
        boolean ended;

        void update(byte[] bytes, int off, int len) {
            int end = off + len;
            while (off < end && !ended) {
                if (dataLeft > 0) {
                    int n = (int) Math.min(dataLeft, end - off);
                    keep(bytes, off, n);
                    dataLeft -= n;
                    off += n;
                    if (dataLeft == 0) {
                        entryDone();
                    }
                } else if (paddingLeft > 0) {
                    int n = (int) Math.min(paddingLeft, end - off);
                    paddingLeft -= n;
                    off += n;
                } else {
                    int n = Math.min(BLOCK - headerFilled, end - off);
                    System.arraycopy(bytes, off, header, headerFilled, n);
                    headerFilled += n;
                    off += n;
                    if (headerFilled == BLOCK) {
                        headerFilled = 0;
                        header();
                    }
                }
            }
        }

        private void header() {
            if (allZero()) {
                ended = ++zeroBlocks == 2;
                return;
            }
            zeroBlocks = 0;
            long size = paxSize >= 0 ? paxSize : size();
            if (size < 0) {
                failure = "its bytes cannot be read as a tar archive: a header has a malformed size";
                ended = true;
                return;
            }
            type = (char) (header[156] & 0xff);
            entry = paxPath != null ? paxPath : longName != null ? longName : name();
            if (type == 'L' || type == 'x' || type == 'g') {
                entry = null;
            } else {
                longName = null;
                paxPath = null;
                paxSize = -1;
            }
            int wanted = 0;
            if (type == 'L' || type == 'x') {
                wanted = (int) Math.min(size, HEADER_LIMIT);
            } else if (type == '0' || type == '\0' || type == '7') {
                String normalized = normalize(entry);
                entry = normalized;
                wanted = normalized == null ? 0 : (int) Math.min(size, modules.wants(normalized));
            }
            kept = wanted > 0 ? new byte[wanted] : null;
            keptFilled = 0;
            dataLeft = size;
            paddingLeft = (BLOCK - size % BLOCK) % BLOCK;
            if (size == 0) {
                entryDone();
            }
        }

        private void keep(byte[] bytes, int off, int n) {
            if (kept != null && keptFilled < kept.length) {
                int k = Math.min(n, kept.length - keptFilled);
                System.arraycopy(bytes, off, kept, keptFilled, k);
                keptFilled += k;
            }
        }

        private void entryDone() {
            if (kept == null) {
                return;
            }
            if (type == 'L') {
                longName = cString(kept, 0, kept.length);
            } else if (type == 'x') {
                pax(new String(kept, StandardCharsets.UTF_8));
            } else {
                modules.read(entry, kept);
            }
            kept = null;
        }

        /** Records of {@code <length> <key>=<value>\n}; keeps {@code path} and {@code size}. */
        private void pax(String records) {
            for (String record : records.split("\n")) {
                int space = record.indexOf(' ');
                int equals = record.indexOf('=');
                if (space < 0 || equals < space) {
                    continue;
                }
                String key = record.substring(space + 1, equals);
                String value = record.substring(equals + 1);
                if (key.equals("path")) {
                    paxPath = value;
                } else if (key.equals("size")) {
                    try {
                        paxSize = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        paxSize = -1;
                    }
                }
            }
        }

        private boolean allZero() {
            for (byte b : header) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private String name() {
            String name = cString(header, 0, 100);
            boolean posix = new String(header, 257, 6, StandardCharsets.ISO_8859_1).equals("ustar\0");
            String prefix = posix ? cString(header, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        /** The size field: octal, or base-256 when its first byte's high bit is set; -1 when malformed. */
        private long size() {
            if ((header[124] & 0x80) != 0) {
                long value = 0;
                for (int i = 125; i < 136; i++) {
                    value = value << 8 | (header[i] & 0xff);
                }
                return value;
            }
            String octal = cString(header, 124, 12).trim();
            try {
                return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private static String cString(byte[] bytes, int off, int len) {
        int end = off;
        while (end < off + len && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, off, end - off, StandardCharsets.UTF_8);
    }

    /** The name without {@code .} and empty components, as the extractor names it; null when it climbs or is empty. */
    private static String normalize(String name) {
        if (name == null || name.startsWith("/")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return null;
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
