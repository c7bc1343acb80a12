package ai.vantage.maven.slurm.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Stored files sent the way Jetty's own static file serving sends them (its {@code FileMappingHttpContentFactory}):
 * mapped into memory, so that a response is written to the connection straight from the file's pages in the page
 * cache — one copy, by the kernel, and no read calls or buffers of the server's own. One read-only mapping per file
 * (in segments below 2 GiB), shared by every response; a response is written in slices of {@link #SLICE}, each
 * held to the minimum response rate. The {@link #FILES} most recently sent files stay mapped; an older mapping, or
 * one of a file the store deleted (seen when another file is mapped), is dropped here and unmapped by the garbage
 * collector, which frees the deleted file's disk space. A stored file is never changed in place (a refresh writes a
 * new generation), so a mapping stays true to its file.
 */
final class MappedFiles {

    /** The most files kept mapped. */
    static final int FILES = 8;

    private static final long SEGMENT = 1L << 30;
    private static final int SLICE = 4 << 20;

    private final Map<Path, List<MappedByteBuffer>> mapped = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, List<MappedByteBuffer>> eldest) {
            return size() > FILES;
        }
    };

    /** Writes the bytes {@code first} to {@code first + length - 1} of {@code file} to {@code sink}. */
    void send(Path file, long first, long length, Content.Sink sink, Callback callback) {
        List<MappedByteBuffer> segments;
        try {
            segments = segments(file);
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        new IteratingCallback() {
            private long position = first;
            private final long end = first + length;

            @Override
            protected Action process() {
                if (position >= end) {
                    return Action.SUCCEEDED;
                }
                int offset = (int) (position % SEGMENT);
                int size = (int) Math.min(Math.min(SLICE, end - position), SEGMENT - offset);
                ByteBuffer slice = segments.get((int) (position / SEGMENT)).duplicate();
                slice.limit(offset + size).position(offset);
                position += size;
                sink.write(position >= end, slice.slice(), this);
                return Action.SCHEDULED;
            }

            @Override
            protected void onCompleteSuccess() {
                callback.succeeded();
            }

            @Override
            protected void onCompleteFailure(Throwable cause) {
                callback.failed(cause);
            }
        }.iterate();
    }

    /** The mapping of {@code file}, made on its first use. */
    private List<MappedByteBuffer> segments(Path file) throws IOException {
        synchronized (mapped) {
            List<MappedByteBuffer> segments = mapped.get(file);
            if (segments == null) {
                mapped.keySet().removeIf(other -> !Files.exists(other)); // replaced or evicted: let them be unmapped
                segments = map(file);
                mapped.put(file, segments);
            }
            return segments;
        }
    }

    private static List<MappedByteBuffer> map(Path file) throws IOException {
        List<MappedByteBuffer> segments = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = Files.size(file);
            for (long start = 0; start < size; start += SEGMENT) {
                segments.add(channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(SEGMENT, size - start)));
            }
        }
        return segments;
    }
}
