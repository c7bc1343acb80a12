package ai.vantage.maven.slurm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs' tables of configuration keys and goal parameters are what {@link DocTables} generates from the code now.
 * Run with {@code -Dslurm.docs.write=true} it rewrites them instead (the command is in its failure message).
 */
class DocTablesTest {

    static final String REGENERATE = "./mvnw -B -q -pl slurm-maven-plugin -am verify -DskipITs "
            + "-Dtest=DocTablesTest -Dsurefire.failIfNoSpecifiedTests=false -Dslurm.docs.write=true";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDocsTablesAreWhatTheCodeDefines() throws Exception {
        DocTables tables = DocTables.of(ROOT.resolve("slurm-core/src/main/java")
                .resolve(SlurmConfigurationKeys.class.getName().replace('.', '/') + ".java"));
        boolean write = Boolean.getBoolean("slurm.docs.write");
        List<String> stale = new ArrayList<>();
        for (Path doc : docs()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            String regenerated = tables.regenerate(text);
            if (regenerated.equals(text)) {
                continue;
            }
            if (write) {
                Files.writeString(doc, regenerated, StandardCharsets.UTF_8);
            } else {
                stale.add(ROOT.relativize(doc) + firstDifference(text, regenerated));
            }
        }
        assertEquals(List.of(), stale, "Generated tables differ from the code; regenerate them with\n  " + REGENERATE
                + "\nand commit the docs. Stale");
    }

    @Test
    void theKeysAndParametersHaveTheirTables() throws Exception {
        String configuration = Files.readString(ROOT.resolve("docs/configuration.md"));
        String plugin = Files.readString(ROOT.resolve("docs/plugin.md"));

        assertTrue(configuration.contains(DocTables.KEYS + "\n"), "docs/configuration.md lists every key");
        assertTrue(plugin.contains(DocTables.PARAMETERS + "\n"), "docs/plugin.md lists every parameter");
    }

    @Test
    void aKeysRowCarriesItsDefaultWhetherPerRepositoryAndItsJavadoc() throws Exception {
        String source = "    /**\n     * Connect timeout in {@code ms}; a | b.\n     * Type: Integer. Per repository.\n"
                + "     */\n    public static final String CONFIG_PROP_CONNECT_TIMEOUT = PREFIX + \"connectTimeout\";\n"
                + "    /** Files with <keys>. Type: String. */\n"
                + "    public static final String CONFIG_PROP_PGP_KEYS = PREFIX + \"pgp.keys\";\n";

        assertEquals("| key | default | per repository | meaning |\n|---|---|---|---|\n"
                + "| `slurm.connectTimeout` | `10000` | yes | Connect timeout in `ms`; a \\| b. Type: Integer. |\n"
                + "| `slurm.pgp.keys` | (none) | no | Files with &lt;keys>. Type: String. |\n",
                DocTables.keyTable(source));
    }

    @Test
    void aKeyWithoutJavadocIsRefusedNotLeftOut() {
        String source = "    // the retries\n    public static final String CONFIG_PROP_RETRIES = PREFIX + \"retries\";\n";

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocTables.keyTable(source));
        assertTrue(e.getMessage().startsWith("CONFIG_PROP_RETRIES has no Javadoc right above it"), e.getMessage());
    }

    @Test
    void aParameterSharedByGoalsIsOneRowAndTheHelpGoalIsLeftOut() throws Exception {
        String table = DocTables.parameterTable();

        assertTrue(table.contains("| `slurm.skip` | `false` | diff, env, install, lock, sbom, verify | Skips the goal. |"), table);
        assertTrue(!table.contains("indentSize"), table);
    }

    private static List<Path> docs() throws Exception {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            return Stream.concat(docs.filter(p -> p.toString().endsWith(".md")).sorted(),
                    Stream.of(ROOT.resolve("README.md"))).toList();
        }
    }

    private static String firstDifference(String text, String regenerated) {
        String[] old = text.split("\n", -1);
        String[] now = regenerated.split("\n", -1);
        for (int i = 0; i < Math.min(old.length, now.length); i++) {
            if (!old[i].equals(now[i])) {
                return ":" + (i + 1) + "\n    is:        " + old[i] + "\n    generated: " + now[i];
            }
        }
        return ":" + (Math.min(old.length, now.length) + 1) + " (lines added or removed)";
    }
}
