package ai.vantage.maven.slurm.cache;

import ai.vantage.maven.slurm.layout.LayoutGeneration;
import java.util.Optional;

/**
 * Where a build is in the cache.
 *
 * @param generation the layout generation that holds it
 * @param key the tarball's key, relative to the cache root
 * @param signature the {@code .asc} beside it, or null when it has none
 */
public record Location(LayoutGeneration generation, String key, byte[] signature) {

    /** The signature's bytes, or empty when the build is unsigned. */
    public Optional<byte[]> signatureBytes() {
        return Optional.ofNullable(signature);
    }
}
