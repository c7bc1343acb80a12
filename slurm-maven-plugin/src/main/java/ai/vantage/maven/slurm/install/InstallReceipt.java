package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.Checksums;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What was installed under a prefix, kept in {@code <prefix>/.slurm-install.json}: a second install of the same
 * bytes is a no-op.
 *
 * @param coordinate the Maven coordinate, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble}
 * @param sha256 the tarball's SHA-256
 * @param size the tarball's size in bytes
 * @param modified the tarball file's modification time (ms), so a later run knows the same file without reading it
 * @param signerFingerprint the fingerprint of the key that signed it (null when it was allowed unsigned)
 * @param installedAt when, ISO-8601
 * @param release the release id under {@code <prefix>/releases}
 * @param slurmRelease the exact Slurm release the tree's module file names (e.g. {@code 25.11.6}), or null when it
 *     names none
 * @param script the install script run, or null
 * @param arguments its arguments
 * @param exitCode its exit code, or null when no script ran
 */
public record InstallReceipt(
        String coordinate,
        String sha256,
        long size,
        long modified,
        String signerFingerprint,
        String installedAt,
        String release,
        String slurmRelease,
        String script,
        List<String> arguments,
        Integer exitCode) {

    /** The receipt's file name under the prefix. */
    public static final String FILE = ".slurm-install.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The receipt of a tree just installed, before any script ran. */
    public static InstallReceipt installed(String coordinate, TarballRead read, String release) {
        return new InstallReceipt(coordinate, read.sha256(), read.size(), read.modified(), read.signerFingerprint(),
                Instant.now().toString(), release, read.release() == null ? null : read.release().mavenVersion(), null,
                List.of(), null);
    }

    /** The receipt under {@code prefix}, if there is one. */
    public static Optional<InstallReceipt> read(Path prefix) throws IOException {
        Path file = prefix.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), InstallReceipt.class));
        } catch (IOException e) {
            throw new IOException("Cannot read the install receipt " + file + " (" + e.getMessage()
                    + "); delete it to install again", e);
        }
    }

    /** Writes the receipt under {@code prefix}, replacing the previous one in one rename. */
    public void write(Path prefix) throws IOException {
        Path temp = Files.createTempFile(prefix, ".slurm-install", ".tmp");
        try {
            JSON.writeValue(temp.toFile(), this);
            Files.move(temp, prefix.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Whether this receipt is of the same build and bytes, and its install script, if any, succeeded. The same file
     * (size and modification time: Maven's local repository keeps a downloaded file unchanged) is known without
     * reading it; another file of the same size is hashed.
     */
    public boolean matches(String coordinate, Path tarball) throws IOException {
        if (!this.coordinate.equals(coordinate) || Files.size(tarball) != size || (exitCode != null && exitCode != 0)) {
            return false;
        }
        return Files.getLastModifiedTime(tarball).toMillis() == modified
                || sha256.equalsIgnoreCase(Checksums.sha256(tarball));
    }

    /** The same receipt with the script's outcome. */
    public InstallReceipt withScript(String script, List<String> arguments, Integer exitCode) {
        return new InstallReceipt(coordinate, sha256, size, modified, signerFingerprint, installedAt, release,
                slurmRelease, script, arguments, exitCode);
    }
}
