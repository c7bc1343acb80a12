package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid setting fails the build at once with one message naming the key, the value and what is valid,
 * on Maven 3.9 and 4.0 (before, the reason was lost behind "Cannot access … using the registered transporter
 * factories").
 */
class SettingsValidationIT extends FixtureCacheIT {

    /**
     * Each case on one Maven line, in turns: each line reads the settings through its own session, and checking a
     * value is the same code on both.
     */
    static Stream<Arguments> invalidSettings() throws Exception {
        Path noKey = Files.writeString(Path.of(System.getProperty("it.work"), "not-a-key.asc"), "hello\n");
        List<List<String>> cases = List.of(
                List.of("slurm.pgp.fingerprints", "ABCD", "40 hex digits"),
                List.of("slurm.pgp.keys", "no-such-key.asc", "does not exist"),
                List.of("slurm.pgp.keys", noKey.toString(), "public key"),
                List.of("slurm.layouts", "{series}/{toolchain}/{os}.tar.gz", "unknown placeholder {os}"),
                List.of("slurm.mirrors", "ftp://origin.invalid/", "expected https://"),
                List.of("slurm.connectTimeout", "-1", "is not a whole number >= 0"),
                List.of("slurm.pgp.allowUnsigned", "25.11:xenial", "valid toolchains"));
        MavenVersion[] lines = MavenVersion.values();
        return IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(lines[i % lines.length],
                cases.get(i).get(0), cases.get(i).get(1), cases.get(i).get(2)));
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("invalidSettings")
    void invalidValueFailsNamingKeyValueAndWhatIsValid(MavenVersion maven, String key, String value, String valid)
            throws Exception {
        MavenResult result = resolving(maven, "invalid-" + key + "-" + Math.abs(value.hashCode()), FixtureCache.NOBLE)
                .property(key, value)
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        String line = result.log().lines().filter(l -> l.startsWith("[ERROR]") && l.contains(key + "=" + value))
                .findFirst().orElseThrow(() -> new AssertionError("no [ERROR] naming " + key + "=" + value + ":\n"
                        + result.log()));
        assertTrue(line.contains(valid), line);
        assertTrue(result.log().lines().noneMatch(l -> l.contains("Cannot access")), result::toString);
    }
}
