package ai.vantage.maven.slurm.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests Maven repositories use ({@code sha1}, {@code md5}, {@code sha256}, {@code sha512}), computed while
 * bytes flow, so a file is read once; a large download computes only those Maven will ask for. Not thread-safe.
 */
public final class Checksums {

    private static final Map<String, String> ALGORITHMS =
            Map.of("sha1", "SHA-1", "md5", "MD5", "sha256", "SHA-256", "sha512", "SHA-512");

    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();

    /** All four checksums. */
    public Checksums() {
        this(ALGORITHMS.keySet());
    }

    /** The checksums of the given extensions ({@code sha1}, …); unknown ones are ignored. */
    public Checksums(Collection<String> extensions) {
        try {
            for (String extension : extensions) {
                String algorithm = ALGORITHMS.get(extension);
                if (algorithm != null) {
                    digests.put(extension, MessageDigest.getInstance(algorithm));
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK and Maven name of the algorithm of {@code extension}: {@code sha1} → {@code SHA-1}. */
    public static String algorithm(String extension) {
        String algorithm = ALGORITHMS.get(extension);
        if (algorithm == null) {
            throw new IllegalArgumentException("No checksum algorithm has the extension " + extension + "; known: "
                    + ALGORITHMS.keySet());
        }
        return algorithm;
    }

    /** The checksums of {@code bytes}. */
    public static Map<String, String> of(byte[] bytes) {
        Checksums checksums = new Checksums();
        checksums.update(bytes, 0, bytes.length);
        return checksums.hex();
    }

    /** The SHA-256 of {@code file}, lower-case hex, read as a stream. */
    public static String sha256(Path file) throws IOException {
        Checksums checksums = new Checksums(List.of("sha256"));
        try (InputStream in = checksums.wrap(Files.newInputStream(file))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return checksums.hex().get("sha256");
    }

    public void update(byte[] bytes, int off, int len) {
        for (MessageDigest digest : digests.values()) {
            digest.update(bytes, off, len);
        }
    }

    /** A stream that feeds every byte read through it into these checksums. */
    public InputStream wrap(InputStream in) {
        return new ObservedInputStream(in, this::update);
    }

    /** Lower-case hex digests by extension ({@code sha1}, …); finishes the digests. */
    public Map<String, String> hex() {
        Map<String, String> hex = new LinkedHashMap<>();
        digests.forEach((name, digest) -> hex.put(name, HexFormat.of().formatHex(digest.digest())));
        return hex;
    }
}
