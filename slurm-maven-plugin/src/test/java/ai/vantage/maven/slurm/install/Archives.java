package ai.vantage.maven.slurm.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small tar.gz archives, hostile ones included, in memory for tests. */
final class Archives {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Archives() throws IOException {
        tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Archives dir(String name) throws IOException {
        return dir(name, 0755);
    }

    Archives dir(String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        entry.setMode(040000 | mode);
        return put(entry, null);
    }

    Archives file(String name, int mode, String content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(data.length);
        return put(entry, data);
    }

    Archives absolute(String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(0100644);
        entry.setSize(1);
        return put(entry, new byte[] {'x'});
    }

    Archives zeros(String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100644);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        byte[] buffer = new byte[1 << 16];
        for (long left = size; left > 0; left -= buffer.length) {
            tar.write(buffer, 0, (int) Math.min(buffer.length, left));
        }
        tar.closeArchiveEntry();
        return this;
    }

    Archives link(String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(target);
        return put(entry, null);
    }

    Archives hardLink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_LINK);
    }

    Archives symlink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    Archives special(String name, byte type) throws IOException {
        return put(new TarArchiveEntry(name, type), null);
    }

    private Archives put(TarArchiveEntry entry, byte[] data) throws IOException {
        tar.putArchiveEntry(entry);
        if (data != null) {
            tar.write(data);
        }
        tar.closeArchiveEntry();
        return this;
    }

    byte[] build() throws IOException {
        tar.close();
        return bytes.toByteArray();
    }
}
