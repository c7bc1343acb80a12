package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The files whose signature verified in one build, remembered by file identity (file system key, size, modification
 * time), never by coordinate: a different file at the same coordinate (another repository's download, a replaced
 * file) has another identity. The set of {@link #identity} values lives in the resolver session's data
 * ({@link ai.vantage.maven.slurm.session.SharedSession#verifiedFiles}), shared by the extension and the plugin.
 */
public final class VerifiedFiles {

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
