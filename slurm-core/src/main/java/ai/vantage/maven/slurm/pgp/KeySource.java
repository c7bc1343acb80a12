package ai.vantage.maven.slurm.pgp;

import java.io.IOException;
import java.util.Optional;

/**
 * A place public key material can come from: files, the offline key cache, the cache's Spack mirrors. What a
 * source returns is never trusted by itself; the verifier uses only the key whose fingerprint is pinned.
 */
public interface KeySource {

    /**
     * Public key material (armored or binary OpenPGP packets) that holds the key {@code fingerprint} (a primary
     * key or a subkey), or empty when this source has none.
     *
     * @param fingerprint 40 upper-case hex digits
     * @throws IOException when the source could not be read; the verifier moves on to the next source
     */
    Optional<byte[]> find(String fingerprint) throws IOException;

    /** Where this source looks, for messages, e.g. {@code key files [/etc/slurm-keys.asc]}. */
    String description();
}
