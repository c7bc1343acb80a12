package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The files whose signature verified in one build, remembered by file identity (file system key, size, modification
 * time), never by coordinate: a different file at the same coordinate (another repository's download, a replaced
 * file) has another identity. The set lives in the resolver session's data under {@link #SESSION_KEY} as a
 * {@code Set<String>} of {@link #identity} values: JDK types, since the extension and the plugin load this class in
 * different class loaders.
 */
public final class VerifiedFiles {

    /** The key of the {@code Set<String>} in {@code RepositorySystemSession.getData()}. */
    public static final String SESSION_KEY = "ai.vantage.maven.slurm.verifiedFiles";

    private VerifiedFiles() {}

    /**
     * The identity of {@code file}: file system key (device and inode), size and modification time; empty when the
     * file system gives no key (then nothing is remembered for the file).
     */
    public static Optional<String> identity(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = attributes.fileKey();
        return key == null ? Optional.empty()
                : Optional.of(key + " " + attributes.size() + " " + attributes.lastModifiedTime());
    }
}
