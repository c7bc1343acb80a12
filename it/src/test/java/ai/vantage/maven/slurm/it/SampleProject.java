package ai.vantage.maven.slurm.it;

import ai.vantage.maven.slurm.fixture.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sample project copied from {@code src/test/projects/<name>} into a work folder of its own, with
 * {@code @token@} placeholders filled in ({@code @project.version@} always).
 */
public final class SampleProject {

    private SampleProject() {}

    /**
     * Copies {@code name} to {@code target/it-work/<run>/<name>}, filling in {@code tokens}, and removes the local
     * repository an earlier copy used ({@code <name>-repo} beside it); returns the copy.
     */
    public static Path copy(String name, String run, Map<String, String> tokens) throws IOException {
        Path source = Path.of(System.getProperty("it.projects"), name);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("No sample project " + source);
        }
        return FileTrees.copy(source, fresh(run, name), (file, copy) -> {
            String text = Files.readString(file, StandardCharsets.UTF_8)
                    .replace("@project.version@", System.getProperty("it.version"))
                    .replace("@dependency.plugin.version@", System.getProperty("it.dependencyPlugin"));
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                text = text.replace("@" + token.getKey() + "@", token.getValue());
            }
            Files.writeString(copy, text, StandardCharsets.UTF_8);
        });
    }

    /**
     * Copies the folder {@code source} (e.g. one of the project's examples) byte for byte, file modes included, to
     * {@code target/it-work/<run>/<its name>}, like {@link #copy}; returns the copy.
     */
    public static Path copyVerbatim(Path source, String run) throws IOException {
        return FileTrees.copy(source, fresh(run, source.getFileName().toString()),
                (file, copy) -> Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES));
    }

    /** {@code target/it-work/<run>/<name>}, with what an earlier run left there and in its local repository removed. */
    private static Path fresh(String run, String name) throws IOException {
        Path target = Path.of(System.getProperty("it.work"), run, name);
        delete(target);
        delete(target.resolveSibling(name + "-repo"));
        return target;
    }

    /** Deletes {@code tree} if it exists (left by an earlier run of the tests). */
    public static void delete(Path tree) throws IOException {
        if (Files.exists(tree)) {
            try (Stream<Path> old = Files.walk(tree)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
