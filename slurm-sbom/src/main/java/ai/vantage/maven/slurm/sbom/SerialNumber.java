package ai.vantage.maven.slurm.sbom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * An SBOM's serial number derived from what it is made of (RFC 9562 version 5, name-based), so that the same input
 * gives the same document and a repository manager caches one version of it.
 */
final class SerialNumber {

    /** RFC 9562's URL namespace. */
    private static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private SerialNumber() {}

    /** {@code urn:uuid:…} of the version 5 UUID of {@code name}. */
    static String of(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16);
        namespace.putLong(URL_NAMESPACE.getMostSignificantBits()).putLong(URL_NAMESPACE.getLeastSignificantBits());
        sha1.update(namespace.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return "urn:uuid:" + new UUID(bits.getLong(), bits.getLong());
    }
}
