package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.io.Checksums;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * One file of the Maven 2 repository, as served and as mirrored: its bytes (in memory, or a verified file on disk),
 * its media type, a Last-Modified stable for these bytes, and the checksums of exactly these bytes.
 */
public final class RepositoryFile {

    /** The media type of each kind of file. */
    public static final String GZIP = "application/gzip";
    public static final String XML = "application/xml";
    public static final String JSON = "application/vnd.cyclonedx+json";
    public static final String SIGNATURE = "application/pgp-signature";
    public static final String TEXT = "text/plain";

    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final String contentType;
    private final Instant lastModified;
    private final Map<String, String> checksums;
    private final String verification;

    private RepositoryFile(byte[] bytes, Path file, long length, String contentType, Instant lastModified,
            Map<String, String> checksums, String verification) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        this.contentType = contentType;
        this.lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        this.checksums = Map.copyOf(checksums);
        this.verification = verification;
    }

    /** A file held in memory. */
    public static RepositoryFile of(byte[] bytes, String contentType, Instant lastModified) {
        return new RepositoryFile(bytes.clone(), null, bytes.length, contentType, lastModified, Checksums.of(bytes),
                null);
    }

    /** A file on disk whose checksums are known (computed while it was written). */
    public static RepositoryFile of(Path file, Map<String, String> checksums, String contentType, Instant lastModified)
            throws IOException {
        return new RepositoryFile(null, file, Files.size(file), contentType, lastModified, checksums, null);
    }

    /** The same file with another Last-Modified. */
    RepositoryFile lastModified(Instant time) {
        return new RepositoryFile(bytes, file, length, contentType, time, checksums, verification);
    }

    /** The same file, saying how its signature check ended ({@code VERIFIED}, {@code UNSIGNED_ALLOWED}). */
    RepositoryFile verification(String outcome) {
        return new RepositoryFile(bytes, file, length, contentType, lastModified, checksums, outcome);
    }

    /** How the signature check of these bytes (a tarball's, or those a checksum file is of) ended, if one ran. */
    public Optional<String> verification() {
        return Optional.ofNullable(verification);
    }

    /** The checksum file {@code <this>.<extension>}: the bare lower-case hex digest, same Last-Modified. */
    public RepositoryFile checksumFile(String extension) {
        String hex = checksums.get(extension);
        if (hex == null) {
            throw new IllegalArgumentException("Unknown checksum '" + extension + "'; valid: " + checksums.keySet());
        }
        return of(hex.getBytes(StandardCharsets.US_ASCII), TEXT, lastModified).verification(verification);
    }

    public long length() {
        return length;
    }

    public String contentType() {
        return contentType;
    }

    /** Whole seconds, as HTTP dates carry them. */
    public Instant lastModified() {
        return lastModified;
    }

    /** The hex digests by extension: {@code sha1}, {@code md5}, {@code sha256}, {@code sha512}. */
    public Map<String, String> checksums() {
        return checksums;
    }

    /** A strong entity tag: the quoted SHA-1 of the bytes. */
    public String etag() {
        return "\"" + checksums.get("sha1") + "\"";
    }

    /** The file on disk holding the bytes; empty for a file held in memory. */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    /** The bytes from {@code offset} on. */
    public InputStream open(long offset) throws IOException {
        if (file == null) {
            return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
        }
        SeekableByteChannel channel = Files.newByteChannel(file);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }
}
