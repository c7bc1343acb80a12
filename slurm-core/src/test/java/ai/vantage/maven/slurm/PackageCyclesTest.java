package ai.vantage.maven.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** slurm-core's packages import each other without a cycle (as read from the imports of its main sources). */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/ai/vantage/maven/slurm");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?ai\\.vantage\\.maven\\.slurm\\.(\\w+)\\.",
            Pattern.MULTILINE);

    @Test
    void noPackageImportsOneThatImportsItBack() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        imports.computeIfAbsent(from, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : imports.keySet()) {
            reach(start, start, imports, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles in slurm-core; imports: " + imports);
    }

    /** Adds to {@code cycles} every path from {@code at} back to {@code start} (each cycle once, from its least). */
    private static void reach(String start, String at, Map<String, Set<String>> imports, List<String> path,
            List<String> cycles) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                reach(start, next, imports, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
