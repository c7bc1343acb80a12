package ai.vantage.maven.slurm.sbom;

import ai.vantage.maven.slurm.io.AtomicFiles;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.spack.SpackNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;

/**
 * The CycloneDX 1.6 JSON SBOM of one Slurm build, made from its signed Spack spec only, and validated against the
 * CycloneDX 1.6 schema before anyone sees it: the same {@link SlurmBuild} always gives the same bytes.
 *
 * @param json the document, UTF-8
 * @param components how many DAG nodes it lists
 * @param directDependencies how many dependencies the Slurm node has (build-only ones included)
 * @param runtimeDirectDependencies how many of those Slurm links with or runs
 */
public record SlurmSbom(byte[] json, int components, int directDependencies, int runtimeDirectDependencies) {

    /** Its file name in an install's release folder. */
    public static final String FILE_NAME = "sbom.cdx.json";

    /** Its media type. */
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";

    /**
     * Builds, writes and validates the SBOM of {@code build}.
     *
     * @throws IllegalStateException when the document does not validate against the CycloneDX 1.6 schema: a bug
     */
    public static SlurmSbom of(SlurmBuild build) {
        Bom bom = new SbomAssembler(build).assemble();
        byte[] json;
        try {
            json = (BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneratorException e) {
            throw new IllegalStateException("The CycloneDX library could not write the SBOM of "
                    + build.cacheKeyUrl() + ": " + e.getMessage(), e);
        }
        List<ParseException> problems;
        try {
            problems = new JsonParser().validate(json, Version.VERSION_16);
        } catch (IOException e) {
            throw new IllegalStateException("Could not validate the SBOM of " + build.cacheKeyUrl(), e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bug: the SBOM of " + build.cacheKeyUrl()
                    + " does not validate against the CycloneDX 1.6 schema: "
                    + problems.stream().map(ParseException::getMessage).toList());
        }
        SpackNode slurm = build.release().signed().dag().root();
        return new SlurmSbom(json, build.release().signed().dag().nodes().size(), slurm.dependencies().size(),
                (int) slurm.dependencies().stream().filter(edge -> !edge.buildOnly()).count());
    }

    /** Writes the document to {@code file} atomically (a reader sees the old file or the whole new one). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, json);
    }

    /** The document's sha256, lower-case hex. */
    public String sha256() {
        return Checksums.of(json).get("sha256");
    }

    /** One line: {@code 14 components; Slurm has 6 direct dependencies (4 at run time)}. */
    public String summary() {
        return components + " components; Slurm has " + directDependencies + " direct dependencies ("
                + runtimeDirectDependencies + " at run time)";
    }
}
