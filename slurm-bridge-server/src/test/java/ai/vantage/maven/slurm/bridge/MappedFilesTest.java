package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte ranges of a mapped file, across the slices it is written in, the last one marked last. */
class MappedFilesTest {

    @TempDir
    Path root;

    /** What a connection was sent: the bytes, and how many writes, the last of them marked so. */
    private static final class Sent implements Content.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Boolean> lasts = new ArrayList<>();

        @Override
        public void write(boolean last, ByteBuffer buffer, Callback callback) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
            lasts.add(last);
            callback.succeeded();
        }
    }

    private static Sent send(MappedFiles files, Path file, long first, long length) throws Exception {
        Sent sent = new Sent();
        CompletableFuture<Void> done = new CompletableFuture<>();
        files.send(file, first, length, sent, Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.get(10, TimeUnit.SECONDS);
        return sent;
    }

    @Test
    void everyRangeIsSentWhatTheFileHoldsThereInSlicesTheLastMarkedLast() throws Exception {
        byte[] content = new byte[9 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(root.resolve("build.tar.gz"), content);
        MappedFiles files = new MappedFiles();
        int slice = 4 * 1024 * 1024;

        Sent whole = send(files, file, 0, content.length);
        assertArrayEquals(content, whole.bytes.toByteArray());
        assertEquals(List.of(false, false, true), whole.lasts, "4 MiB slices");

        Sent across = send(files, file, slice - 10, 20);
        assertArrayEquals(Arrays.copyOfRange(content, slice - 10, slice + 10), across.bytes.toByteArray());
        Sent lastByte = send(files, file, content.length - 1, 1);
        assertArrayEquals(new byte[] {content[content.length - 1]}, lastByte.bytes.toByteArray());
        assertEquals(List.of(true), lastByte.lasts);
    }

    @Test
    void aResponseAlreadyStreamingKeepsSendingTheFileItOpenedOnceTheStoreDeletesIt() throws Exception {
        byte[] content = new byte[9 * 1024 * 1024];
        new Random(11).nextBytes(content);
        Path file = Files.write(root.resolve("build.tar.gz"), content);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Callback> held = new ArrayList<>();
        Content.Sink slowReader = (last, buffer, callback) -> {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            received.writeBytes(chunk);
            held.add(callback); // the next slice is written only once this one reached the client
        };
        CompletableFuture<Void> done = new CompletableFuture<>();
        MappedFiles files = new MappedFiles();
        files.send(file, 0, content.length, slowReader,
                Callback.from(() -> done.complete(null), done::completeExceptionally));
        assertEquals(1, held.size(), "the first slice is on its way");

        Files.delete(file); // a replaced generation deleted after its grace, or an evicted build
        Files.write(root.resolve("other.tar.gz"), new byte[] {1}); // mapping another file drops the deleted one
        assertArrayEquals(new byte[] {1}, send(files, root.resolve("other.tar.gz"), 0, 1).bytes.toByteArray());
        while (!done.isDone()) {
            held.remove(0).succeeded();
        }

        done.get(10, TimeUnit.SECONDS);
        assertArrayEquals(content, received.toByteArray(), "every byte of the file as it was opened");
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheResponse() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new MappedFiles().send(root.resolve("gone.tar.gz"), 0, 1, new Sent(),
                Callback.from(() -> done.complete(null), done::completeExceptionally));
        assertTrue(done.isCompletedExceptionally());
    }
}
