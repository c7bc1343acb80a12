package ai.vantage.maven.slurm.lock;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.ExclusiveFileLock;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * {@code slurm.lock}, committed to the deployment repository: one entry per {@code ai.vantage:slurm} artifact the
 * project uses, in a stable order (by coordinate), written as JSON with two-space indentation and LF line ends so
 * that diffs read well. Immutable; {@link #with} gives an updated copy. See {@code docs/versions.md}.
 */
public final class LockFile {

    /** The file's usual name, at the root of the deployment repository. */
    public static final String FILE_NAME = "slurm.lock";

    /** The format version this class reads and writes. */
    public static final int FORMAT = 1;

    /** Jackson databind, set up when a lock is first read or written: a build without a lock loads none of it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private final TreeMap<String, LockEntry> entries;

    private LockFile(Map<String, LockEntry> entries) {
        this.entries = new TreeMap<>(entries);
    }

    /** A lock with no entries. */
    public static LockFile empty() {
        return new LockFile(Map.of());
    }

    /**
     * Reads {@code file}; a missing file is an empty lock (nothing is locked).
     *
     * @throws IOException when it cannot be read or is not a lock of format 1, naming the file and what is wrong
     */
    public static LockFile read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        }
        try {
            return parse(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("Malformed " + file + ": " + e.getMessage() + ". Fix it, or delete it and run "
                    + "slurm:lock to write it anew (slurm:lock reads it first, to keep the entries of other artifacts)",
                    e);
        }
    }

    static LockFile parse(byte[] bytes) throws IOException {
        JsonNode root = Json.MAPPER.readTree(bytes);
        if (root == null || root.path("format").asInt(-1) != FORMAT || !root.path("artifacts").isObject()) {
            throw new IOException("expected {\"format\": " + FORMAT + ", \"artifacts\": {…}}");
        }
        TreeMap<String, LockEntry> entries = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("artifacts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            LockEntry entry = entry(field.getKey(), field.getValue());
            entries.put(entry.coordinate().toString(), entry);
        }
        return new LockFile(entries);
    }

    private static LockEntry entry(String artifact, JsonNode node) {
        String prefix = SlurmCoordinate.GROUP_ID + ":" + SlurmCoordinate.ARTIFACT_ID + ":";
        String[] parts = artifact.split(":");
        if (!artifact.startsWith(prefix) || parts.length != 5 || !parts[3].equals(SlurmCoordinate.EXTENSION)) {
            throw new IllegalArgumentException("'" + artifact + "' is not ai.vantage:slurm:<series>:tar.gz:<classifier>");
        }
        SlurmCoordinate coordinate = SlurmCoordinate.of(parts[2], parts[4]);
        if (!coordinate.toString().equals(artifact)) {
            throw new IllegalArgumentException("'" + artifact + "' is written " + coordinate);
        }
        Instant signed;
        try {
            signed = Instant.parse(node.path("signed").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(artifact + ": 'signed' is not an ISO-8601 UTC time, e.g. "
                    + "2026-06-18T09:30:00Z", e);
        }
        String release = node.path("release").asText(null);
        return new LockEntry(coordinate, node.path("sha256").asText(), node.path("size").asLong(-1),
                node.path("signer").asText(), signed, release == null ? null : ExactRelease.ofMaven(release),
                node.path("sbomSha256").asText(null));
    }

    /** The entries, ordered by coordinate. */
    public Collection<LockEntry> entries() {
        return entries.values();
    }

    /** The entry of {@code coordinate}, if locked. */
    public Optional<LockEntry> entry(SlurmCoordinate coordinate) {
        return Optional.ofNullable(entries.get(coordinate.toString()));
    }

    /** A copy with {@code entry} added, or replacing the entry of its coordinate. */
    public LockFile with(LockEntry entry) {
        TreeMap<String, LockEntry> copy = new TreeMap<>(entries);
        copy.put(entry.coordinate().toString(), entry);
        return new LockFile(copy);
    }

    /**
     * Checks upstream's bytes of {@code coordinate} against the lock; an artifact not locked passes.
     *
     * @param sha256 the bytes' sha256, lower-case hex
     * @throws LockMismatchException "upstream rebuilt 25.11 for noble: locked sha256 …, got …; run slurm:lock to
     *     accept"
     */
    public void check(SlurmCoordinate coordinate, String sha256) throws LockMismatchException {
        Optional<LockEntry> locked = entry(coordinate);
        if (locked.isPresent() && !locked.get().sha256().equals(sha256)) {
            throw new LockMismatchException(coordinate, locked.get().sha256(), sha256);
        }
    }

    /** The file's text: the same entries always give the same bytes. */
    public String toJson() {
        StringWriter text = new StringWriter();
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(text).setPrettyPrinter(printer)) {
            out.writeStartObject();
            out.writeNumberField("format", FORMAT);
            out.writeObjectFieldStart("artifacts");
            for (LockEntry entry : entries.values()) {
                out.writeObjectFieldStart(entry.coordinate().toString());
                out.writeStringField("sha256", entry.sha256());
                out.writeNumberField("size", entry.size());
                out.writeStringField("signer", entry.signer());
                out.writeStringField("signed", entry.signatureTime().toString());
                if (entry.release() != null) {
                    out.writeStringField("release", entry.release().mavenVersion());
                }
                if (entry.sbomSha256() != null) {
                    out.writeStringField("sbomSha256", entry.sbomSha256());
                }
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string failed", e);
        }
        return text + "\n";
    }

    /** Writes {@link #toJson()} to {@code file} atomically: a reader sees the old file or the new one, never half. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads {@code file}, changes it and writes the result, all under an {@link ExclusiveFileLock}: concurrent
     * updates (threads of a {@code -T} build, other builds) each see the others' entries, and none is lost.
     *
     * @return the lock written
     */
    public static LockFile update(Path file, UnaryOperator<LockFile> change) throws IOException {
        try (ExclusiveFileLock held = ExclusiveFileLock.acquire(file)) {
            LockFile changed = change.apply(read(file));
            changed.write(file);
            return changed;
        }
    }
}
