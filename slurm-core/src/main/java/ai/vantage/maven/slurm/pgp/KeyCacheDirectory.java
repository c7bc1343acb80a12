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

    /**
     * Stores the ring of a pinned primary key merged with the copy already stored (never replacing it: a revocation
     * or certification once cached is kept), in one atomic rename.
     *
     * @return the ring as stored
     */
    PGPPublicKeyRing store(String primaryFingerprint, PGPPublicKeyRing ring) throws IOException {
        Files.createDirectories(directory);
        Path target = file(primaryFingerprint);
        PGPPublicKeyRing merged = ring;
        Optional<byte[]> cached = find(primaryFingerprint);
        if (cached.isPresent()) {
            Optional<PGPPublicKeyRing> earlier = KeyMaterial.ringWith(KeyMaterial.parse(cached.get()), primaryFingerprint);
            if (earlier.isPresent()) {
                merged = KeyMaterial.merge(earlier.get(), ring);
            }
        }
        Path temp = Files.createTempFile(directory, primaryFingerprint, ".tmp");
        try {
            Files.write(temp, KeyMaterial.armor(merged));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return merged;
    }

    private Path file(String fingerprint) {
        return directory.resolve(fingerprint + ".asc");
    }

    @Override
    public String description() {
        return "the offline key cache " + directory;
    }
}
