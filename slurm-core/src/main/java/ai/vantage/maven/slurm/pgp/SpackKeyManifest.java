package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Spack v3 key manifest ({@link CacheLayout#keyManifestKey}): names the content-addressed blob that holds an
 * armored public key, with its sha256.
 */
public final class SpackKeyManifest {

    static final String MEDIA_TYPE = "application/pgp-keys";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String checksum;

    private SpackKeyManifest(String checksum) {
        this.checksum = checksum;
    }

    /**
     * Reads a manifest's bytes.
     *
     * @throws IOException when they are not a version 3 manifest with an {@code application/pgp-keys} entry whose
     *     checksum is a sha256
     */
    public static SpackKeyManifest parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("Spack key manifest is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.path("version").asInt(-1) != 3 || !root.path("data").isArray()) {
            throw new IOException("Spack key manifest is not a version 3 manifest ({\"version\":3,\"data\":[...]})");
        }
        for (JsonNode entry : root.path("data")) {
            if (MEDIA_TYPE.equals(entry.path("mediaType").asText())) {
                String algorithm = entry.path("checksumAlgorithm").asText();
                String checksum = entry.path("checksum").asText().toLowerCase(Locale.ROOT);
                if (!"sha256".equals(algorithm) || !SHA256.matcher(checksum).matches()) {
                    throw new IOException("Spack key manifest entry needs checksumAlgorithm sha256 and a 64-hex "
                            + "checksum, has '" + algorithm + "' / '" + checksum + "'");
                }
                return new SpackKeyManifest(checksum);
            }
        }
        throw new IOException("Spack key manifest has no " + MEDIA_TYPE + " entry");
    }

    /** The cache key of the blob in the toolchain's mirror. */
    public String blobKey(Toolchain toolchain) {
        return CacheLayout.blobKey(toolchain, "sha256", checksum);
    }

    /**
     * Returns {@code blob} when its sha256 is the manifest's.
     *
     * @throws IOException naming both checksums when it is not
     */
    public byte[] verify(byte[] blob) throws IOException {
        String actual = sha256(blob);
        if (!actual.equals(checksum)) {
            throw new IOException("Spack key blob has sha256 " + actual + ", its manifest says " + checksum);
        }
        return blob;
    }

    private static String sha256(byte[] bytes) {
        return Checksums.of(bytes).get("sha256");
    }
}
