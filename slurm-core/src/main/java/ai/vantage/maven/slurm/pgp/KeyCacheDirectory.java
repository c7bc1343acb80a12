package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/** The offline key cache: one armored public key per pinned primary key, {@code <FINGERPRINT>.asc}. */
final class KeyCacheDirectory implements KeySource {

    /**
     * The most one cached key may hold, armored: 256 KiB. The Slurm Factory key (RSA 4096, its user id and
     * self-signatures) is about 3 KiB; only self-signed material is cached, so this leaves room for hundreds of
     * re-signings and subkeys.
     */
    static final int MAX_KEY_BYTES = 256 * 1024;

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
     * Merges the ring of a pinned primary key into the copy already stored (never replacing it: a revocation or
     * certification once cached is kept), in one atomic rename. Nothing is written when the merge adds nothing.
     *
     * @throws IOException when it cannot be written, or the merged copy would be larger than {@link #MAX_KEY_BYTES}
     */
    void store(String primaryFingerprint, PGPPublicKeyRing ring) throws IOException {
        Path target = file(primaryFingerprint);
        PGPPublicKeyRing merged = ring;
        Optional<byte[]> cached = find(primaryFingerprint);
        Optional<PGPPublicKeyRing> earlier = cached.isEmpty() ? Optional.empty()
                : KeyMaterial.ringWith(KeyMaterial.parse(cached.get()), primaryFingerprint);
        if (earlier.isPresent()) {
            merged = KeyMaterial.merge(earlier.get(), ring);
            if (Arrays.equals(merged.getEncoded(), earlier.get().getEncoded())) {
                return;
            }
        }
        byte[] armored = KeyMaterial.armor(merged);
        if (armored.length > MAX_KEY_BYTES) {
            throw new IOException("the merged copy of key " + primaryFingerprint + " would be " + armored.length / 1024
                    + " KiB, more than the " + MAX_KEY_BYTES / 1024 + " KiB a cached key may hold: not stored in "
                    + directory);
        }
        AtomicFiles.write(target, armored);
    }

    private Path file(String fingerprint) {
        return directory.resolve(fingerprint + ".asc");
    }

    @Override
    public String description() {
        return "the offline key cache " + directory;
    }
}
