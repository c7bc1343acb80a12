package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a file for a read-change-write, shared by the threads of this JVM and by other processes: an
 * in-JVM lock per canonical path (a JVM may hold only one file lock per file, so threads must not race for it), then
 * an OS file lock on a stable sibling {@code .<name>.lock} (the guarded file itself is replaced by
 * {@link AtomicFiles#write}, so locking it would lock an old copy). Reentrant within a thread. Close to release.
 */
public final class ExclusiveFileLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

    private final Holder holder;

    private ExclusiveFileLock(Holder holder) {
        this.holder = holder;
    }

    /**
     * Waits until this thread holds {@code guarded} exclusively among threads and processes.
     *
     * @param guarded the file about to be read, changed and written (it need not exist)
     */
    public static ExclusiveFileLock acquire(Path guarded) throws IOException {
        Path folder = guarded.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path lockFile = folder.toRealPath().resolve("." + guarded.getFileName() + ".lock");
        Holder holder = HOLDERS.computeIfAbsent(lockFile, path -> new Holder());
        holder.lock.lock();
        try {
            if (holder.lock.getHoldCount() == 1) {
                holder.channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                holder.fileLock = holder.channel.lock();
            }
        } catch (IOException | RuntimeException e) {
            holder.release();
            throw e;
        }
        return new ExclusiveFileLock(holder);
    }

    /** Releases this hold; the file lock goes with the thread's last one. */
    @Override
    public void close() throws IOException {
        holder.release();
    }

    private static final class Holder {
        private final ReentrantLock lock = new ReentrantLock();
        private FileChannel channel;
        private FileLock fileLock;

        void release() throws IOException {
            try {
                if (lock.getHoldCount() == 1 && channel != null) {
                    try (FileChannel open = channel) {
                        if (fileLock != null) {
                            fileLock.release();
                        }
                    } finally {
                        channel = null;
                        fileLock = null;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
