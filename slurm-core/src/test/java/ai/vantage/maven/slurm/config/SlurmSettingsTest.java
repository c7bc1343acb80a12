package ai.vantage.maven.slurm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.layout.CacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlurmSettingsTest {

    @TempDir
    Path project;

    private SlurmSettings settings(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put(SlurmSettings.PROJECT_DIRECTORY, project.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return SlurmSettings.of(properties, project.resolve("repository"));
    }

    @Test
    void defaultsNeedNoConfiguration() {
        SlurmSettings settings = settings();
        assertEquals(List.of("FDEA90667641505264EFD114DFB92630BCA5AB71"), settings.trusted().fingerprints());
        assertEquals(Duration.ofSeconds(10), settings.progressInterval());
        RepositorySettings repository = settings.repository("slurm");
        assertEquals(List.of(), repository.mirrors());
        assertEquals(CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS).generations().size(),
                repository.layout().generations().size());
        assertEquals(3, repository.retries());
    }

    @Test
    void repositoryValuesOverrideTheGeneralOnes() {
        SlurmSettings settings = settings("slurm.retries", "5", "slurm.retries.mirror", "1",
                "slurm.mirrors.mirror", "https://origin.test/");
        assertEquals(1, settings.repository("mirror").retries());
        assertEquals(List.of(new RepositorySettings.Mirror(null, "https://origin.test/")),
                settings.repository("mirror").mirrors());
        assertEquals(5, settings.repository("other").retries());
        assertEquals(List.of(), settings.repository("other").mirrors());
    }

    @Test
    void keyFilesResolveAgainstTheTopLevelProjectDirectory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("slurm.pgp.keys", ".mvn/slurm-key.asc"));
        assertTrue(e.getMessage().startsWith("Invalid setting slurm.pgp.keys=.mvn/slurm-key.asc: "
                + project.resolve(".mvn/slurm-key.asc") + " does not exist"), e.getMessage());
    }

    /** Every invalid value fails with one message naming the key, the value and what is valid. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "slurm.pgp.fingerprints | ABCD | 40 hex digits",
        "slurm.pgp.keys | missing.asc | does not exist",
        "slurm.pgp.keys | empty.asc | public key",
        "slurm.layouts | {series}/{toolchain}/{os}.tar.gz | the placeholders are {series}, {toolchain}, {arch}",
        "slurm.layouts | newest | built in: current, previous, documented",
        "slurm.mirrors | ftp://origin.test/ | expected https://…, http://… or file:…",
        "slurm.mirrors.cache | ftp://origin.test/ | expected https://…, http://… or file:…",
        "slurm.connectTimeout | -1 | whole number >= 0",
        "slurm.retries.cache | many | whole number >= 0",
        "slurm.progressInterval | -5 | whole number >= 0",
        "slurm.listing | yes | true or false",
        "slurm.pgp.allowUnsigned | 25.11:xenial | valid toolchains",
        "slurm.pgp.allowUnsigned | noble | Expected <series>:<classifier>",
    })
    void invalidValueNamesKeyValueAndWhatIsValid(String key, String value, String valid) throws Exception {
        Files.writeString(project.resolve("empty.asc"), "not a key\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(key, value));

        String baseKey = key.endsWith(".cache") ? key.substring(0, key.length() - ".cache".length()) : key;
        assertTrue(e.getMessage().contains(baseKey), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains(valid), e.getMessage());
    }

    @Test
    void trustIsOnePerBuild() {
        // a repository-specific form of a trust key is not read: trust does not change with the repository
        SlurmSettings settings = settings("slurm.pgp.fingerprints.other", "ABCD");
        assertFalse(settings.trusted().fingerprints().contains("ABCD"));
    }
}
