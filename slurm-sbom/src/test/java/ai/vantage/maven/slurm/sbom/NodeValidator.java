package ai.vantage.maven.slurm.sbom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent consumer: the CycloneDX JavaScript library's strict JSON validator ({@code src/test/node}), installed
 * from the npm registry into {@code target/node-validator} once. Tests using it are skipped, with the reason, where
 * {@code node} or {@code npm} is absent or the registry cannot be reached.
 */
final class NodeValidator {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path HOME = Path.of("target/node-validator");

    private NodeValidator() {}

    /**
     * Runs the validator over {@code files}.
     *
     * @return its exit code and output
     */
    static Result validate(List<Path> files) throws IOException, InterruptedException {
        assumeTrue(run(List.of("node", "--version"), Path.of(".")).exit() == 0,
                "node is not installed: skipping the CycloneDX JavaScript library's strict validator");
        if (!Files.isDirectory(HOME.resolve("node_modules/@cyclonedx/cyclonedx-library"))) {
            Files.createDirectories(HOME);
            for (String file : List.of("package.json", "validate.mjs")) {
                Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"), HOME);
            assumeTrue(install.exit() == 0, "npm could not install @cyclonedx/cyclonedx-library, skipping its "
                    + "validator: " + install.output());
        }
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        return run(command, HOME);
    }

    /** A finished process. */
    record Result(int exit, String output) {}

    private static Result run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, command + " did not finish within 5 minutes");
        }
        return new Result(process.exitValue(), output);
    }
}
