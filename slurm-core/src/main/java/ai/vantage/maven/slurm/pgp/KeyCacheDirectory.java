package ai.vantage.maven.slurm.pgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/** The offline key cache: one armored public key per pinned primary key, {@code <FINGERPRINT>.asc}. */
final class KeyCacheDirectory implements KeySource {

    private final Path directory;

    KeyCacheDirectory(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<byte[]> find(String fingerprint) throws IOException {
        Path file = file(fingerprint);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /** Stores the ring of a pinned primary key, replacing any earlier copy atomically. */
    void store(String primaryFingerprint, PGPPublicKeyRing ring) throws IOException {
        Files.createDirectories(directory);
        Path target = file(primaryFingerprint);
        Path temp = Files.createTempFile(directory, primaryFingerprint, ".tmp");
        try {
            Files.write(temp, KeyMaterial.armor(ring));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path file(String fingerprint) {
        return directory.resolve(fingerprint + ".asc");
    }

    @Override
    public String description() {
        return "the offline key cache " + directory;
    }
}
