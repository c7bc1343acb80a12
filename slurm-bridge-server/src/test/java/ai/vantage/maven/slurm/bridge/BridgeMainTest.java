package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar's command line. */
class BridgeMainTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BridgeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOption() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (BridgeOptions.Option option : BridgeOptions.Option.values()) {
            assertTrue(help.contains("--" + option.name), option.name + " in " + help);
        }
    }

    /** The defaults and option names of the table in docs/bridge-server.md, which slurm:serve passes on as they are. */
    @Test
    void theServersOptionsHaveTheDocumentedDefaultsAndNames() {
        ServerSettings defaults = ServerSettings.fromOptions(Map.of());
        assertEquals("127.0.0.1", defaults.bind());
        assertEquals(8080, defaults.port());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "slurm-bridge"), defaults.cacheDir());
        assertEquals(50L << 30, defaults.cacheMaxBytes());
        assertEquals(20L << 30, defaults.maxBuildSize());
        assertEquals(4, defaults.maxDownloads());
        assertEquals(32, defaults.threads());
        assertEquals(Duration.ofMinutes(60), defaults.recheckAfter());
        assertEquals(8192, defaults.maxRequestBody());
        assertEquals(new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 16 * 1024),
                defaults.limits());
        assertNull(defaults.tls());
        assertNull(defaults.requestLog());

        Map<String, String> options = new HashMap<>();
        options.put("head-timeout", "3");
        options.put("idle-timeout", "4");
        options.put("min-request-rate", "1k");
        options.put("min-response-rate", "2m");
        options.put("max-build-size", "5m");
        options.put("max-request-body", "100");
        options.put("request-log", "-");
        options.put("request-log-format", "json");
        options.put("tls-keystore", "none.p12"); // read when the server starts, not here
        options.put("tls-cert", null); // null: the default
        ServerSettings given = ServerSettings.fromOptions(options);
        assertEquals(new ClientLimits(Duration.ofSeconds(3), Duration.ofSeconds(4), 1024, 2 << 20), given.limits());
        assertEquals(5 << 20, given.maxBuildSize());
        assertEquals(100, given.maxRequestBody());
        assertEquals(new RequestLogs.Settings("-", RequestLogs.Format.JSON), given.requestLog());
        assertEquals(Path.of("none.p12"), given.tls().keystore());
        assertNull(given.tls().certificate());
    }

    @Test
    void allowDowngradeIsAFlagForTheCoresSetting() {
        assertEquals(Map.of("slurm.allowDowngrade", "true"),
                BridgeOptions.parse("--allow-downgrade").slurmProperties());
        assertEquals(Map.of(), BridgeOptions.parse().slurmProperties());
    }

    @Test
    void badValuesFailWithOneMessageNamingOptionValueAndWhatIsValid() {
        assertEquals(2, run("--port", "eighty"));
        assertTrue(err().contains("--port 'eighty': expected a whole number"), err());
        err.reset();
        assertEquals(2, run("--port", "70000"));
        assertTrue(err().contains("port '70000': expected 0-65535"), err());
        err.reset();
        assertEquals(2, run("--cache-max-size", "lots"));
        assertTrue(err().contains("--cache-max-size 'lots'") && err().contains("50g"), err());
        err.reset();
        assertEquals(2, run("--upstream", "ftp://cache"));
        assertTrue(err().contains("ftp://cache") && err().contains("https://"), err());
        err.reset();
        assertEquals(2, run("--listing", "maybe"));
        assertTrue(err().contains("--listing 'maybe': expected true or false"), err());
        err.reset();
        assertEquals(2, run("--min-request-rate", "0"));
        assertTrue(err().contains("Invalid --min-request-rate '0': expected a size > 0"), err());
        err.reset();
        assertEquals(2, run("--prot", "8080"));
        assertTrue(err().contains("Unknown option '--prot'") && err().contains("--port"), err());
        err.reset();
        assertEquals(2, run("--mirror", root.toString(), "--toolchains", "focal"));
        assertTrue(err().contains("Unknown Slurm toolchain 'focal'") && err().contains("noble"), err());
        assertEquals(1, err().lines().count(), err());
        err.reset();
        assertEquals(1, run("--bind", "no-such-host.invalid", "--port", "0", "--cache-dir", root.toString()));
        assertTrue(err().contains("Cannot listen on no-such-host.invalid:0 (--bind, --port)"), err());
    }

    @Test
    void mirrorModeCopiesBuildsAndFailsWhenOneIsRefused() throws IOException {
        try (Upstream upstream = Upstream.start(root)) {
            List<String> args = new ArrayList<>(List.of("--upstream", upstream.server.uri().toString(),
                    "--pgp-fingerprints", upstream.cache.key().fingerprint(), "--pgp-keys", upstream.keyFile.toString(),
                    "--pgp-fetch-keys", "false", "--mirror", root.resolve("m").toString(), "--series", "25.11",
                    "--toolchains", "noble"));
            assertEquals(0, run(args.toArray(String[]::new)), err());
            assertTrue(Files.isRegularFile(root.resolve("m").resolve(FixtureCache.NOBLE_ARM64.mavenPath())));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("2 written, 0 unchanged, 0 not mirrored"));

            upstream.tamper(FixtureCache.NOBLE);
            args.set(args.indexOf(root.resolve("m").toString()), root.resolve("m2").toString());
            assertEquals(1, run(args.toArray(String[]::new)));
            assertTrue(err().contains("Not mirrored: [" + FixtureCache.NOBLE + "]"), err());
        }
    }
}
