package ai.vantage.maven.slurm.install;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.Checksums;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What was installed under a prefix, kept in {@code <prefix>/.slurm-install.json}: a second install of the same
 * bytes is a no-op. Read and written with Jackson's streaming API, not its object mapper: the receipt is the whole of
 * a no-op install's work, and the mapper's start-up cost more than the rest of it.
 *
 * @param coordinate the Maven coordinate, e.g. {@code ai.vantage:slurm:25.11:tar.gz:noble}
 * @param sha256 the tarball's SHA-256
 * @param size the tarball's size in bytes
 * @param modified the tarball file's modification time (ms), so a later run knows the same file without reading it
 * @param signerFingerprint the fingerprint of the key that signed it (null when it was allowed unsigned)
 * @param installedAt when, ISO-8601
 * @param release the release id under {@code <prefix>/releases}
 * @param slurmRelease the exact Slurm release the tree's module file names (e.g. {@code 25.11.6}), or null when it
 *     names none
 * @param script the install script run, or null
 * @param arguments its arguments
 * @param exitCode its exit code, or null when no script ran
 * @param sbom the release's SBOM, relative to the prefix (e.g. {@code releases/<id>/sbom.cdx.json}), or null when
 *     none was written
 * @param sbomSha256 the SBOM's sha256, or null
 */
public record InstallReceipt(
        String coordinate,
        String sha256,
        long size,
        long modified,
        String signerFingerprint,
        String installedAt,
        String release,
        String slurmRelease,
        String script,
        List<String> arguments,
        Integer exitCode,
        String sbom,
        String sbomSha256) {

    /** The receipt's file name under the prefix. */
    public static final String FILE = ".slurm-install.json";

    private static final JsonFactory JSON = new JsonFactory();

    /** A receipt without an SBOM. */
    public InstallReceipt(String coordinate, String sha256, long size, long modified, String signerFingerprint,
            String installedAt, String release, String slurmRelease, String script, List<String> arguments,
            Integer exitCode) {
        this(coordinate, sha256, size, modified, signerFingerprint, installedAt, release, slurmRelease, script,
                arguments, exitCode, null, null);
    }

    /** The receipt of a tree just installed, before any script ran. */
    public static InstallReceipt installed(String coordinate, TarballRead read, String release) {
        return new InstallReceipt(coordinate, read.sha256(), read.size(), read.modified(), read.signerFingerprint(),
                Instant.now().toString(), release, read.release() == null ? null : read.release().mavenVersion(), null,
                List.of(), null);
    }

    /** The receipt under {@code prefix}, if there is one. */
    public static Optional<InstallReceipt> read(Path prefix) throws IOException {
        Path file = prefix.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            return Optional.of(parse(json));
        } catch (IOException e) {
            throw new IOException("Cannot read the install receipt " + file + " (" + e.getMessage()
                    + "); delete it to install again", e);
        }
    }

    /** Writes the receipt under {@code prefix}, replacing the previous one in one rename ({@link AtomicFiles}). */
    public void write(Path prefix) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("coordinate", coordinate);
            json.writeStringField("sha256", sha256);
            json.writeNumberField("size", size);
            json.writeNumberField("modified", modified);
            json.writeStringField("signerFingerprint", signerFingerprint);
            json.writeStringField("installedAt", installedAt);
            json.writeStringField("release", release);
            json.writeStringField("slurmRelease", slurmRelease);
            json.writeStringField("script", script);
            json.writeArrayFieldStart("arguments");
            for (String argument : arguments) {
                json.writeString(argument);
            }
            json.writeEndArray();
            json.writeFieldName("exitCode");
            if (exitCode == null) {
                json.writeNull();
            } else {
                json.writeNumber(exitCode);
            }
            if (sbom != null) {
                json.writeStringField("sbom", sbom);
                json.writeStringField("sbomSha256", sbomSha256);
            }
            json.writeEndObject();
        }
        AtomicFiles.write(prefix.resolve(FILE), out.toByteArray());
    }

    /**
     * Whether this receipt is of the same build and bytes, and its install script, if any, succeeded. The same file
     * (size and modification time: Maven's local repository keeps a downloaded file unchanged) is known without
     * reading it; another file of the same size is hashed.
     */
    public boolean matches(String coordinate, Path tarball) throws IOException {
        if (!this.coordinate.equals(coordinate) || Files.size(tarball) != size || (exitCode != null && exitCode != 0)) {
            return false;
        }
        return Files.getLastModifiedTime(tarball).toMillis() == modified
                || sha256.equalsIgnoreCase(Checksums.sha256(tarball));
    }

    private static InstallReceipt parse(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        String coordinate = null;
        String sha256 = null;
        long size = 0;
        long modified = 0;
        String signer = null;
        String installedAt = null;
        String release = null;
        String slurmRelease = null;
        String script = null;
        List<String> arguments = new ArrayList<>();
        Integer exitCode = null;
        String sbom = null;
        String sbomSha256 = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "coordinate" -> coordinate = json.getValueAsString();
                case "sha256" -> sha256 = json.getValueAsString();
                case "size" -> size = json.getLongValue();
                case "modified" -> modified = json.getLongValue();
                case "signerFingerprint" -> signer = json.getValueAsString();
                case "installedAt" -> installedAt = json.getValueAsString();
                case "release" -> release = json.getValueAsString();
                case "slurmRelease" -> slurmRelease = json.getValueAsString();
                case "script" -> script = json.getValueAsString();
                case "arguments" -> {
                    while (value == JsonToken.START_ARRAY && json.nextToken() == JsonToken.VALUE_STRING) {
                        arguments.add(json.getText());
                    }
                }
                case "exitCode" -> exitCode = value == JsonToken.VALUE_NULL ? null : json.getIntValue();
                case "sbom" -> sbom = json.getValueAsString();
                case "sbomSha256" -> sbomSha256 = json.getValueAsString();
                default -> json.skipChildren(); // a field of a later version
            }
        }
        if (coordinate == null || sha256 == null || release == null) {
            throw new IOException("it names no coordinate, sha256 or release");
        }
        return new InstallReceipt(coordinate, sha256, size, modified, signer, installedAt, release, slurmRelease,
                script, List.copyOf(arguments), exitCode, sbom, sbomSha256);
    }

    /** The same receipt with the script's outcome. */
    public InstallReceipt withScript(String script, List<String> arguments, Integer exitCode) {
        return new InstallReceipt(coordinate, sha256, size, modified, signerFingerprint, installedAt, release,
                slurmRelease, script, arguments, exitCode, sbom, sbomSha256);
    }

    /** The same receipt naming the release's SBOM ({@code file}, relative to the prefix) and its sha256. */
    public InstallReceipt withSbom(String file, String sha256) {
        return new InstallReceipt(coordinate, this.sha256, size, modified, signerFingerprint, installedAt, release,
                slurmRelease, script, arguments, exitCode, file, sha256);
    }
}
