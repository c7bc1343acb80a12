package ai.vantage.maven.slurm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path target = Path.of(System.getProperty("it.work"), run, name);
        delete(target);
        delete(target.resolveSibling(name + "-repo"));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    String text = Files.readString(file, StandardCharsets.UTF_8)
                            .replace("@project.version@", System.getProperty("it.version"))
                            .replace("@dependency.plugin.version@", System.getProperty("it.dependencyPlugin"));
                    for (Map.Entry<String, String> token : tokens.entrySet()) {
                        text = text.replace("@" + token.getKey() + "@", token.getValue());
                    }
                    Files.writeString(copy, text, StandardCharsets.UTF_8);
                }
            }
        }
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
