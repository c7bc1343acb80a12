package ai.vantage.maven.slurm.pgp;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * The public key of one pinned primary key, as a key source serves it, checked against the pinned fingerprint and
 * armored alone: a file for tools that trust whatever key file they are given ({@code spack gpg trust}).
 */
public final class PinnedKeyExport {

    private PinnedKeyExport() {}

    /**
     * The armored ring of the primary key {@code fingerprint} from {@code source}, and nothing else it served.
     *
     * @throws IOException when the source has no such key, or serves only other keys (naming them)
     */
    public static byte[] armored(KeySource source, String fingerprint) throws IOException {
        byte[] material = source.find(fingerprint).orElseThrow(() -> new IOException(
                "No public key " + fingerprint + " in " + source.description()));
        List<PGPPublicKeyRing> rings = KeyMaterial.parse(material);
        return KeyMaterial.armor(rings.stream()
                .filter(ring -> KeyMaterial.fingerprint(ring.getPublicKey()).equals(fingerprint))
                .findFirst()
                .orElseThrow(() -> new IOException(source.description() + " served, for " + fingerprint
                        + ", only the key(s) " + rings.stream().map(r -> KeyMaterial.fingerprint(r.getPublicKey()))
                                .toList() + ": not the pinned key")));
    }
}
