package ai.vantage.maven.slurm.metadata;

import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.SlurmVersion;
import java.util.Optional;
import java.util.Set;

/**
 * A repository-relative Maven path below {@code ai/vantage/slurm/}, parsed into what it asks for: the GA-level
 * {@code maven-metadata.xml}, the POM of a series, a tarball (or its {@code .asc} signature) or the SBOM of a
 * build ({@code slurm-<version>-<classifier>-cyclonedx.json}); each possibly a checksum of that file.
 */
public final class MavenPath {

    /** The file name of the GA-level metadata. */
    public static final String METADATA = "maven-metadata.xml";

    /** The classifier suffix and extension of a build's SBOM: {@code ai.vantage:slurm:25.11:json:noble-cyclonedx}. */
    public static final String SBOM_SUFFIX = "-cyclonedx.json";

    /** The checksum extensions Maven asks for. */
    public static final Set<String> CHECKSUMS = Set.of("sha1", "md5", "sha256", "sha512");

    /** What a path names. */
    public enum Kind {
        METADATA,
        POM,
        TARBALL,
        SBOM
    }

    private final Kind kind;
    private final SlurmVersion version;
    private final SlurmCoordinate coordinate;
    private final boolean signature;
    private final String checksum;

    private MavenPath(Kind kind, SlurmVersion version, SlurmCoordinate coordinate, boolean signature, String checksum) {
        this.kind = kind;
        this.version = version;
        this.coordinate = coordinate;
        this.signature = signature;
        this.checksum = checksum;
    }

    /**
     * Parses a path. Empty for paths that are not {@code ai.vantage:slurm} files at all.
     *
     * @throws IllegalArgumentException for a slurm POM or tarball path with a malformed version (neither a series
     *     nor an exact release) or an unknown toolchain or architecture, naming what is valid
     */
    public static Optional<MavenPath> parse(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(SlurmCoordinate.REPOSITORY_FOLDER)) {
            return Optional.empty();
        }
        String rest = p.substring(SlurmCoordinate.REPOSITORY_FOLDER.length());
        String checksum = null;
        int dot = rest.lastIndexOf('.');
        if (dot > 0 && CHECKSUMS.contains(rest.substring(dot + 1))) {
            checksum = rest.substring(dot + 1);
            rest = rest.substring(0, dot);
        }
        if (rest.equals(METADATA)) {
            return Optional.of(new MavenPath(Kind.METADATA, null, null, false, checksum));
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String folder = rest.substring(0, slash);
        String file = rest.substring(slash + 1);
        String prefix = SlurmCoordinate.ARTIFACT_ID + "-" + folder;
        if (!file.startsWith(prefix)) {
            return Optional.empty();
        }
        String tail = file.substring(prefix.length());
        if (tail.equals(".pom")) {
            return Optional.of(new MavenPath(Kind.POM, SlurmVersion.parse(folder), null, false, checksum));
        }
        if (tail.startsWith("-") && tail.endsWith(SBOM_SUFFIX) && tail.length() > 1 + SBOM_SUFFIX.length()) {
            SlurmVersion version = SlurmVersion.parse(folder);
            String classifier = tail.substring(1, tail.length() - SBOM_SUFFIX.length());
            return Optional.of(new MavenPath(Kind.SBOM, version, version.coordinate(classifier), false, checksum));
        }
        boolean signature = tail.endsWith(CacheLayout.SIGNATURE_SUFFIX);
        if (signature) {
            tail = tail.substring(0, tail.length() - CacheLayout.SIGNATURE_SUFFIX.length());
        }
        String extension = "." + SlurmCoordinate.EXTENSION;
        if (!tail.startsWith("-") || !tail.endsWith(extension) || tail.length() <= 1 + extension.length()) {
            return Optional.empty();
        }
        String classifier = tail.substring(1, tail.length() - extension.length());
        SlurmVersion version = SlurmVersion.parse(folder);
        return Optional.of(new MavenPath(Kind.TARBALL, version, version.coordinate(classifier), signature, checksum));
    }

    public Kind kind() {
        return kind;
    }

    /** The series of a POM or tarball path; null for the metadata. */
    public String series() {
        return version == null ? null : version.series();
    }

    /** The version of a POM or tarball path; null for the metadata. */
    public SlurmVersion version() {
        return version;
    }

    /** The exact release a POM or tarball path asks for ({@code 25.11.6}); empty for a series and the metadata. */
    public Optional<ExactRelease> release() {
        return version == null ? Optional.empty() : version.exact();
    }

    /**
     * The build a tarball or SBOM path names, of its series whatever {@link #release()} it asks for; null otherwise.
     */
    public SlurmCoordinate coordinate() {
        return coordinate;
    }

    /** Whether the path names the {@code .asc} signature of a tarball. */
    public boolean isSignature() {
        return signature;
    }

    /** The checksum algorithm extension ({@code sha1}, …) when the path names a checksum file. */
    public Optional<String> checksum() {
        return Optional.ofNullable(checksum);
    }

    /** The same path without its checksum extension: the file the checksum is of. */
    public MavenPath withoutChecksum() {
        return new MavenPath(kind, version, coordinate, signature, null);
    }
}
