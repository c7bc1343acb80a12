package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's "Use it in a deployment repository" setup, run as written through real Maven 3.9 and 4.0: its
 * {@code .mvn/extensions.xml} and {@code pom.xml} copied verbatim into a fresh project (only the repository URL
 * pointed at the fixture cache) and its command run, with only what the fixture needs added (its signing key, a
 * prefix of the test's own, the toolchain the fixture has).
 */
class ReadmeIT extends FixtureCacheIT {

    private static final String SECTION = "## Use it in a deployment repository";
    private static final String REAL_CACHE = "slurm+https://slurm-factory-spack-binary-cache.vantagecompute.ai/";

    /** A fenced code block of the README and the line that introduces it. */
    private record Block(String label, String text) {}

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void deploymentRepositorySetupInstallsSlurmAsWritten(MavenVersion maven) throws Exception {
        List<Block> blocks = blocks(section());
        String extensions = block(blocks, "`.mvn/extensions.xml`");
        String pom = block(blocks, "`pom.xml`");
        String[] command = blocks.stream().map(Block::text).filter(t -> t.startsWith("mvn ")).findFirst()
                .orElseThrow(() -> new AssertionError("README's deployment section shows no mvn command"))
                .trim().split("\\s+");
        assertTrue(pom.contains(REAL_CACHE), "the README's pom.xml declares the real cache:\n" + pom);

        Path project = Path.of(System.getProperty("it.work"), "readme", maven.name().toLowerCase(), "project");
        SampleProject.delete(project.getParent());
        Files.createDirectories(project.resolve(".mvn"));
        Files.writeString(project.resolve(".mvn/extensions.xml"), extensions, StandardCharsets.UTF_8);
        Files.writeString(project.resolve("pom.xml"), pom.replace(REAL_CACHE, repositoryUrl()), StandardCharsets.UTF_8);
        Path prefix = project.resolveSibling("opt-slurm");

        MavenResult result = MavenRun.of(maven, project)
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.prefix", prefix.toString())
                .property("slurm.toolchain", FixtureCache.NOBLE.toolchain().id())
                .property("slurm.arch", FixtureCache.NOBLE.arch().id())
                .args(Arrays.copyOfRange(command, 1, command.length))
                .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Installed " + FixtureCache.NOBLE + " at " + prefix.resolve("view")),
                result::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
    }

    private static String section() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("it.root"), "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The fenced blocks of {@code markdown}, each with the last non-blank line before its fence. */
    private static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String label = "";
        StringBuilder text = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (text == null) {
                    text = new StringBuilder();
                } else {
                    blocks.add(new Block(label, text.toString()));
                    text = null;
                }
            } else if (text != null) {
                text.append(line).append('\n');
            } else if (!line.isBlank()) {
                label = line;
            }
        }
        return blocks;
    }

    private static String block(List<Block> blocks, String file) {
        return blocks.stream().filter(b -> b.label().contains(file)).map(Block::text).findFirst()
                .orElseThrow(() -> new AssertionError("README's deployment section shows no " + file));
    }
}
