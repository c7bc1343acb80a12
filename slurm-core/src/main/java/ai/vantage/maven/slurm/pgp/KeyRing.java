package ai.vantage.maven.slurm.pgp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * Finds the public key rings of pinned primary keys in the key sources, in order: key files, the offline key cache,
 * remote sources. A ring fetched from a remote source is stored in the offline key cache. Safe for concurrent use.
 */
final class KeyRing {

    private final List<KeySource> local;
    private final List<KeySource> remote;
    private final KeyCacheDirectory cache;
    private final Map<String, PGPPublicKeyRing> found = new HashMap<>();

    KeyRing(List<KeySource> keyFiles, KeyCacheDirectory cache, List<KeySource> remote) {
        this.local = new ArrayList<>(keyFiles);
        if (cache != null) {
            this.local.add(cache);
        }
        this.remote = List.copyOf(remote);
        this.cache = cache;
    }

    /** What one lookup found, and what it tried, for messages. */
    record Lookup(Optional<PGPPublicKeyRing> ring, List<String> tried) {}

    /**
     * The ring of the pinned primary key {@code fingerprint}: every copy the local sources hold, merged, and while
     * that lacks the key {@code keyId}, the copies of the remote sources merged in too. Of a remote copy only what the
     * pinned key signed itself is used ({@link SelfSignedRing}), and stored, merged, in the offline cache. Copies are
     * only ever merged: a revocation any source once showed is kept.
     */
    synchronized Lookup pinned(String fingerprint, long keyId) {
        PGPPublicKeyRing known = found.get(fingerprint);
        if (known != null && known.getPublicKey(keyId) != null) {
            return new Lookup(Optional.of(known), List.of());
        }
        List<String> tried = new ArrayList<>();
        PGPPublicKeyRing merged = known;
        for (KeySource source : sources()) {
            boolean fromRemote = remote.contains(source);
            if (fromRemote && merged != null && merged.getPublicKey(keyId) != null) {
                break;
            }
            Optional<PGPPublicKeyRing> ring = primaryRing(source, fingerprint, tried);
            if (ring.isEmpty()) {
                continue;
            }
            try {
                PGPPublicKeyRing copy = fromRemote ? SelfSignedRing.of(ring.get()) : ring.get();
                merged = merged == null ? copy : KeyMaterial.merge(merged, copy);
                if (fromRemote && cache != null) {
                    cache.store(fingerprint, copy);
                }
            } catch (IOException e) {
                tried.add(source.description() + ": " + e.getMessage());
            }
        }
        if (merged != null) {
            found.put(fingerprint, merged);
        }
        return new Lookup(Optional.ofNullable(merged), tried);
    }

    /** The ring holding the key {@code fingerprint} (primary or subkey) in the local sources, for naming a signer. */
    Optional<PGPPublicKeyRing> local(String fingerprint) {
        for (KeySource source : local) {
            try {
                Optional<byte[]> material = source.find(fingerprint);
                if (material.isPresent()) {
                    return KeyMaterial.ringWith(KeyMaterial.parse(material.get()), fingerprint);
                }
            } catch (IOException e) {
                // naming only: a broken source is reported when a pinned key is looked for
            }
        }
        return Optional.empty();
    }

    /** Where keys are looked for, in order. */
    List<String> descriptions() {
        return sources().stream().map(KeySource::description).toList();
    }

    private List<KeySource> sources() {
        List<KeySource> all = new ArrayList<>(local);
        all.addAll(remote);
        return all;
    }

    private static Optional<PGPPublicKeyRing> primaryRing(KeySource source, String fingerprint, List<String> tried) {
        try {
            Optional<byte[]> material = source.find(fingerprint);
            if (material.isEmpty()) {
                tried.add(source.description() + ": not found");
                return Optional.empty();
            }
            Optional<PGPPublicKeyRing> ring = KeyMaterial.ringWith(KeyMaterial.parse(material.get()), fingerprint);
            if (ring.isPresent() && KeyMaterial.fingerprint(ring.get().getPublicKey()).equals(fingerprint)) {
                return ring;
            }
            tried.add(source.description() + ": its material does not hold primary key " + fingerprint
                    + (ring.isPresent() ? " (it is a subkey; pin the primary key's fingerprint)" : ""));
        } catch (IOException e) {
            tried.add(source.description() + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
