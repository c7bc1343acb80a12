package ai.vantage.maven.slurm.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {

    @TempDir
    Path prefix;

    private final List<String> output = new ArrayList<>();

    private Path script(String body) throws IOException {
        return Files.writeString(prefix.resolve("install.sh"), "#!/bin/sh\n" + body);
    }

    @Test
    void runsInThePrefixWithTheViewInItsEnvironment() throws IOException {
        Path script = script("echo \"args=$*\"\necho \"prefix=$SLURM_INSTALL_PREFIX\"\necho \"pwd=$(pwd)\"\n");
        assertEquals(0, new ScriptRunner(Duration.ofSeconds(10), output::add).run(script, List.of("--full-init", "-x"), prefix));
        assertEquals(List.of("args=--full-init -x", "prefix=" + prefix.resolve("view"), "pwd=" + prefix.toRealPath()),
                output);
    }

    @Test
    void nonZeroExitFailsWithTheLastLines() throws IOException {
        Path script = script("i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); done; exit 7\n");
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> new ScriptRunner(Duration.ofSeconds(10), output::add).run(script, List.of(), prefix));
        assertEquals(7, e.exitCode());
        assertTrue(e.getMessage().contains("exited with code 7") && e.getMessage().contains("line29")
                && !e.getMessage().contains("line9\n"), e.getMessage());
        assertEquals(30, output.size());
    }

    @Test
    void timeoutKillsTheScriptAndItsChildren() throws IOException {
        Path script = script("echo started\nsleep 60 &\nwait\n");
        long start = System.nanoTime();
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> new ScriptRunner(Duration.ofMillis(500), output::add).run(script, List.of(), prefix));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "it does not wait for the sleep");
    }

    @Test
    void findsTheScriptATarballCarries() throws IOException {
        assertTrue(ScriptRunner.bundledScript(prefix).isEmpty());
        Path bundled = prefix.resolve("view/assets/slurm_assets/slurm_install.sh");
        Files.createDirectories(bundled.getParent());
        Files.writeString(bundled, "#!/bin/sh\n");
        assertEquals(bundled, ScriptRunner.bundledScript(prefix).orElseThrow());
    }

    @Test
    void aBundledScriptIsLookedUpWithoutFollowingLinks() throws IOException {
        Path outside = Files.createDirectories(prefix.resolveSibling("outside"));
        Files.writeString(outside.resolve("slurm_install.sh"), "#!/bin/sh\necho owned\n");
        Path release = prefix.resolve("releases/r1");
        Path script = release.resolve("view/assets/slurm_assets/slurm_install.sh");
        Files.createDirectories(script.getParent());
        Files.createSymbolicLink(script, outside.resolve("slurm_install.sh"));
        assertTrue(ScriptRunner.bundledScript(release).isEmpty(), "the script is a link");

        Files.delete(script);
        Files.delete(script.getParent());
        Files.createSymbolicLink(script.getParent(), outside);
        assertTrue(ScriptRunner.bundledScript(release).isEmpty(), "a folder on the way is a link");
    }
}
