package ai.vantage.maven.slurm.spack;

import ai.vantage.maven.slurm.io.Checksums;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A Spack v3 build-cache manifest: {@code {"version": 3, "data": [ {contentLength, mediaType, compression,
 * checksumAlgorithm, checksum}, … ]}}, each entry naming a content-addressed blob
 * ({@code blobs/sha256/<xx>/<checksum>}). Index and key manifests are plain JSON; in a signed mirror spec manifests
 * are clearsigned, and this class reads their verified text.
 */
public final class SpackManifest {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The largest blob inflated from gzip: far above any index or spec seen. */
    static final int MAX_INFLATED_BYTES = 64 << 20;

    /**
     * One entry of a manifest.
     *
     * @param contentLength the blob's size as stored (compressed when {@code compression} is gzip)
     * @param mediaType e.g. {@code application/vnd.spack.db.v8+json}
     * @param compression {@code none} or {@code gzip}
     * @param checksum the stored blob's sha256, 64 lower-case hex digits
     */
    public record Blob(long contentLength, String mediaType, String compression, String checksum) {

        /** The blob's key below the mirror root. */
        public String key() {
            return "blobs/sha256/" + checksum.substring(0, 2) + "/" + checksum;
        }

        /**
         * The blob's content: {@code stored} checked against the size and sha256 named here, then inflated when gzip.
         *
         * @throws IOException naming both checksums (or sizes) when {@code stored} is not the blob named, or when
         *     it does not inflate
         */
        public byte[] open(String what, byte[] stored) throws IOException {
            String actual = Checksums.of(stored).get("sha256");
            if (!actual.equals(checksum)) {
                throw new IOException("Refusing " + what + ": its blob has sha256 " + actual + ", the manifest names "
                        + checksum);
            }
            if (stored.length != contentLength) {
                throw new IOException("Refusing " + what + ": its blob has " + stored.length + " bytes, the manifest "
                        + "says " + contentLength);
            }
            if (compression.equals("none")) {
                return stored;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                byte[] inflated = in.readNBytes(MAX_INFLATED_BYTES + 1);
                if (inflated.length > MAX_INFLATED_BYTES) {
                    throw new IOException("Refusing " + what + ": it inflates to more than "
                            + (MAX_INFLATED_BYTES >> 20) + " MiB");
                }
                return inflated;
            } catch (IOException e) {
                throw new IOException("Refusing " + what + ": its gzip blob does not inflate (" + e.getMessage() + ")",
                        e);
            }
        }
    }

    private final List<Blob> blobs;

    private SpackManifest(List<Blob> blobs) {
        this.blobs = List.copyOf(blobs);
    }

    /**
     * Reads a manifest's JSON.
     *
     * @param what the manifest's display name, used in messages
     * @throws IOException when it is not a version 3 manifest whose entries use sha256 and compression none or gzip
     */
    public static SpackManifest parse(String what, byte[] json) throws IOException {
        JsonNode root = SpackJson.read(what, json);
        if (root.path("version").asInt(-1) != 3 || !root.path("data").isArray()) {
            throw new IOException(what + " is not a Spack version 3 manifest ({\"version\":3,\"data\":[…]})");
        }
        List<Blob> blobs = new ArrayList<>();
        for (JsonNode entry : root.path("data")) {
            String algorithm = entry.path("checksumAlgorithm").asText();
            String checksum = entry.path("checksum").asText().toLowerCase(Locale.ROOT);
            String compression = entry.path("compression").asText();
            long length = entry.path("contentLength").asLong(-1);
            if (!"sha256".equals(algorithm) || !SHA256.matcher(checksum).matches()) {
                throw new IOException(what + ": an entry needs checksumAlgorithm sha256 and a 64-hex checksum, has '"
                        + algorithm + "' / '" + checksum + "'");
            }
            if (!compression.equals("none") && !compression.equals("gzip")) {
                throw new IOException(what + ": compression '" + compression + "' is neither none nor gzip");
            }
            if (length < 0) {
                throw new IOException(what + ": an entry has no contentLength");
            }
            blobs.add(new Blob(length, entry.path("mediaType").asText(), compression, checksum));
        }
        return new SpackManifest(blobs);
    }

    /**
     * The one entry whose media type starts with {@code mediaTypePrefix} (e.g. {@code application/vnd.spack.db.}:
     * the version suffix changes with Spack releases).
     *
     * @throws IOException when there is none, or more than one
     */
    public Blob blob(String what, String mediaTypePrefix) throws IOException {
        List<Blob> matching = blobs.stream().filter(b -> b.mediaType().startsWith(mediaTypePrefix)).toList();
        if (matching.size() != 1) {
            throw new IOException(what + " has " + matching.size() + " entries of media type " + mediaTypePrefix
                    + "*, expected one; it has " + blobs.stream().map(Blob::mediaType).toList());
        }
        return matching.get(0);
    }
}
