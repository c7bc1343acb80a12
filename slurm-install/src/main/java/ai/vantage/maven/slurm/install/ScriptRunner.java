package ai.vantage.maven.slurm.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an install script with {@code /bin/sh} in the prefix, with {@code SLURM_INSTALL_PREFIX=<prefix>/view},
 * passing each line it prints on as it comes.
 */
public final class ScriptRunner {

    /** Where Slurm Factory tarballs have carried their install script, relative to the release root. */
    public static final List<String> BUNDLED_SCRIPTS =
            List.of("view/assets/slurm_assets/slurm_install.sh", "data/slurm_assets/slurm_install.sh");

    private static final int LAST_LINES = 20;

    private final Duration timeout;
    private final Consumer<String> output;

    public ScriptRunner(Duration timeout, Consumer<String> output) {
        this.timeout = timeout;
        this.output = output;
    }

    /**
     * The script a release carries, if any: a regular file at one of {@link #BUNDLED_SCRIPTS}, looked up without
     * following links (neither the script nor a folder on the way to it may be a symbolic link).
     */
    public static Optional<Path> bundledScript(Path release) {
        return BUNDLED_SCRIPTS.stream().map(release::resolve).filter(script -> reachedWithoutLinks(release, script))
                .findFirst();
    }

    private static boolean reachedWithoutLinks(Path release, Path script) {
        for (Path step = script.getParent(); step != null && !step.equals(release); step = step.getParent()) {
            if (!Files.isDirectory(step, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return Files.isRegularFile(script, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Runs {@code script} and returns its exit code, 0.
     *
     * @throws ScriptFailedException on a non-zero exit or a timeout (the process and its children are killed)
     */
    public int run(Path script, List<String> arguments, Path prefix) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("/bin/sh");
        command.add(script.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(prefix.toFile()).redirectErrorStream(true);
        builder.environment().put("SLURM_INSTALL_PREFIX", prefix.resolve("view").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> last = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    output.accept(line);
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > LAST_LINES) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "slurm-install-script-output");
        pump.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                pump.join(1000);
                throw new ScriptFailedException(script.toString(), "timed out after " + timeout.toSeconds() + " s",
                        -1, lines(last));
            }
            pump.join();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the install script ran", e);
        }
        int exit = process.exitValue();
        if (exit != 0) {
            throw new ScriptFailedException(script.toString(), "exited with code " + exit, exit, lines(last));
        }
        return exit;
    }

    private static List<String> lines(Deque<String> last) {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
