package ai.vantage.maven.slurm.sbom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Spack 1.0 mirror of {@code shared/fixtures/spack} (see its {@code SOURCE.md}), found beside the repository
 * or above it; a test using it is skipped, with the reason, when it is absent.
 */
final class SharedSpack {

    /** The mirror's signing key. */
    static final String V3_KEY = "EA17D7BAD069C9C51B16683965F19128BF181183";

    /** The blob holding {@link #V3_KEY}, armored. */
    static final String V3_KEY_BLOB =
            "blobs/sha256/92/92af5b074f2716d0c1f7cbe3644fc1531cd4e40e482897eb3ea7d6466dec9f94";

    private SharedSpack() {}

    static Path v3Mirror() {
        String relative = "shared/fixtures/spack/generated/v3_layout_signed_by_spack_1.0.0_migrate";
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        assumeTrue(false, relative + " not found beside the repository or above it: skipping the SBOM tests over "
                + "real Spack files");
        return null;
    }
}
