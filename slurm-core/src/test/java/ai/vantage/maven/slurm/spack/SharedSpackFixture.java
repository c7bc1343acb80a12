package ai.vantage.maven.slurm.spack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Spack files of {@code shared/fixtures/spack} (see its {@code SOURCE.md}), found beside the repository or
 * beside any folder above it; a test using them is skipped, with the reason, when they are absent.
 */
final class SharedSpackFixture {

    /** The signing key of the generated v3 mirror (Spack 1.0 {@code buildcache migrate} of Spack's signed v2 test mirror). */
    static final String V3_KEY = "EA17D7BAD069C9C51B16683965F19128BF181183";

    /** The blob of the v3 mirror holding {@link #V3_KEY}, armored. */
    static final String V3_KEY_BLOB =
            "blobs/sha256/92/92af5b074f2716d0c1f7cbe3644fc1531cd4e40e482897eb3ea7d6466dec9f94";

    private SharedSpackFixture() {}

    /** The generated v3 mirror's root. */
    static Path v3Mirror() {
        return find("generated/v3_layout_signed_by_spack_1.0.0_migrate");
    }

    /** Spack's signed v2 test mirror's {@code build_cache/}. */
    static Path v2BuildCache() {
        return find("v2_layout/signed/build_cache");
    }

    private static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path fixture = dir.resolve("shared/fixtures/spack").resolve(relative);
            if (Files.isDirectory(fixture)) {
                return fixture;
            }
        }
        assumeTrue(false, "shared/fixtures/spack/" + relative + " not found beside the repository or above it: "
                + "skipping the tests over real Spack files");
        return null;
    }
}
