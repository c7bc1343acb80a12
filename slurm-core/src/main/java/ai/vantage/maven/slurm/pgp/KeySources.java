package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/** The built-in {@link KeySource}s. */
public final class KeySources {

    /**
     * The offline key cache's folder, relative to the local Maven repository's root; the transport and the plugin
     * both use it, so a key fetched by one serves the other.
     */
    public static final String LOCAL_REPOSITORY_KEY_CACHE = ".cache/slurm/pgp-keys";

    private KeySources() {}

    /**
     * Reads a key from the cache by its key, e.g. {@code noble/spack/v3/manifests/key/<FPR>.key.manifest.json}.
     * The transport implements it over its upstream client.
     */
    @FunctionalInterface
    public interface CacheFetcher {

        /**
         * The bytes at {@code key}, or empty when the cache does not have it (403, 404, 410).
         *
         * @throws IOException when the cache could not be reached
         */
        Optional<byte[]> fetch(String key) throws IOException;
    }

    /**
     * Key files, as named by {@code slurm.pgp.keys}: armored or binary public keyrings, each read when a key is
     * looked for. A file that is missing or not public key material is an error naming it.
     */
    public static KeySource files(List<Path> files) {
        List<Path> paths = List.copyOf(files);
        return new KeySource() {
            @Override
            public Optional<byte[]> find(String fingerprint) throws IOException {
                for (Path file : paths) {
                    List<PGPPublicKeyRing> rings;
                    try {
                        rings = KeyMaterial.parse(Files.readAllBytes(file));
                    } catch (NoSuchFileException e) {
                        throw new IOException("key file " + file + " (slurm.pgp.keys) does not exist", e);
                    } catch (IOException e) {
                        throw new IOException("key file " + file + " (slurm.pgp.keys): " + e.getMessage(), e);
                    }
                    Optional<PGPPublicKeyRing> ring = KeyMaterial.ringWith(rings, fingerprint);
                    if (ring.isPresent()) {
                        return Optional.of(KeyMaterial.armor(ring.get()));
                    }
                }
                return Optional.empty();
            }

            @Override
            public String description() {
                return "key files " + paths + " (slurm.pgp.keys)";
            }
        };
    }

    /**
     * The cache's Spack mirrors of the given toolchains, tried in order: for each, the Spack v3 key manifest
     * ({@link CacheLayout#keyManifestKey}) and its blob, whose sha256 must match the manifest, then the older v2
     * key ({@link CacheLayout#legacyKeyKey}).
     *
     * @param site the cache's URL, for messages
     */
    public static KeySource spackMirrors(List<Toolchain> toolchains, String site, CacheFetcher fetcher) {
        List<Toolchain> order = List.copyOf(toolchains);
        return new KeySource() {
            @Override
            public Optional<byte[]> find(String fingerprint) throws IOException {
                List<String> failures = new ArrayList<>();
                for (Toolchain toolchain : order) {
                    String manifestKey = CacheLayout.keyManifestKey(toolchain, fingerprint);
                    try {
                        Optional<byte[]> manifest = fetcher.fetch(manifestKey);
                        if (manifest.isPresent()) {
                            SpackKeyManifest parsed = SpackKeyManifest.parse(manifest.get());
                            Optional<byte[]> blob = fetcher.fetch(parsed.blobKey(toolchain));
                            if (blob.isPresent()) {
                                return Optional.of(parsed.verify(blob.get()));
                            }
                            failures.add(parsed.blobKey(toolchain) + ": not found (named by " + manifestKey + ")");
                        }
                    } catch (IOException e) {
                        failures.add(manifestKey + ": " + e.getMessage());
                    }
                    String legacyKey = CacheLayout.legacyKeyKey(toolchain, fingerprint);
                    try {
                        Optional<byte[]> legacy = fetcher.fetch(legacyKey);
                        if (legacy.isPresent()) {
                            return legacy;
                        }
                    } catch (IOException e) {
                        failures.add(legacyKey + ": " + e.getMessage());
                    }
                }
                if (!failures.isEmpty()) {
                    throw new IOException(String.join("; ", failures));
                }
                return Optional.empty();
            }

            @Override
            public String description() {
                List<String> mirrors = order.stream().map(CacheLayout::spackMirror).toList();
                return "Spack mirrors of " + site + " (" + String.join(", ", mirrors)
                        + ": v3 key manifests, v2 _pgp keys)";
            }
        };
    }
}
