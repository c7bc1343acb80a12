package ai.vantage.maven.slurm.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.spack.SlurmSpackRelease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a rebuild changed, from two SBOMs; and the SBOM a lock keeps, refused once altered. */
class SbomDiffTest {

    private static FixtureKey key;

    @TempDir
    Path root;

    @BeforeAll
    static void generate() {
        key = FixtureKey.generate("Fixture Signer <fixture@example.invalid>");
    }

    private byte[] sbom(FixtureCache cache, Map<String, String> versions) throws Exception {
        FixtureSpackMirror mirror = FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64);
        versions.forEach(mirror::dependency);
        mirror.write();
        SlurmSpackRelease release = SlurmSbomTest.reader(cache.root(), root.resolve("fixture.asc"), key.fingerprint())
                .slurmReleases(Toolchain.NOBLE).get(0);
        return SlurmSbom.of(new SlurmBuild(release, "https://cache.example/k", Map.of())).json();
    }

    @Test
    void versionChangesAreListedByPackageAndAsJson() throws Exception {
        key.writePublicKey(root.resolve("fixture.asc"));
        FixtureCache cache = FixtureCache.create(root.resolve("cache"), key);
        byte[] before = sbom(cache, Map.of());
        byte[] after = sbom(cache, Map.of("openssl", "3.0.14", "pmix", "5.0.6"));

        SbomDiff diff = SbomDiff.between("locked", before, "upstream", after);

        assertEquals(List.of("2 package(s) differ from locked to upstream:", "  openssl 3.0.13 -> 3.0.14",
                "  pmix 5.0.3 -> 5.0.6"), diff.lines());
        JsonNode json = new ObjectMapper().readTree(diff.json());
        assertEquals("openssl", json.path("changes").get(0).path("name").asText());
        assertEquals("changed", json.path("changes").get(0).path("kind").asText());
        assertEquals("3.0.14", json.path("changes").get(0).path("after").get(0).asText());
        assertEquals(List.of("No package version changed from locked to upstream"),
                SbomDiff.between("locked", before, "upstream", before).lines());
    }

    @Test
    void appearedAndDisappearedPackagesAreToldApart() throws Exception {
        String before = "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"lz4\",\"version\":\"1.10.0\"},"
                + "{\"name\":\"zlib\",\"version\":\"1.3.1\"}]}";
        String after = "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"ucx\",\"version\":\"1.17.0\"},"
                + "{\"name\":\"zlib\",\"version\":\"1.3.1\"}]}";

        SbomDiff diff = SbomDiff.between("a", before.getBytes(StandardCharsets.UTF_8), "b",
                after.getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("disappeared", "appeared"), diff.changes().stream().map(SbomDiff.Change::kind).toList());
        assertEquals("  lz4 disappeared: 1.10.0", diff.lines().get(1));
        assertEquals("  ucx appeared: 1.17.0", diff.lines().get(2));
        IOException e = assertThrows(IOException.class, () -> SbomDiff.between("a", "{}".getBytes(
                StandardCharsets.UTF_8), "b", after.getBytes(StandardCharsets.UTF_8)));
        assertEquals("a is not a CycloneDX JSON SBOM with components", e.getMessage());
    }

    @Test
    void lockedSbomIsReadOnlyWhileItIsTheOneTheLockRecorded() throws Exception {
        Path lock = root.resolve(LockFile.FILE_NAME);
        byte[] json = "{\"bomFormat\":\"CycloneDX\",\"components\":[]}\n".getBytes(StandardCharsets.UTF_8);
        Path file = LockedSbom.file(lock, FixtureCache.NOBLE);
        Files.createDirectories(file.getParent());
        Files.write(file, json);
        LockEntry entry = new LockEntry(FixtureCache.NOBLE, "a".repeat(64), 1, key.fingerprint(), Instant.EPOCH, null);

        assertEquals(root.resolve("slurm.lock.d/slurm-25.11-noble-cyclonedx.json"), file);
        IOException none = assertThrows(IOException.class, () -> LockedSbom.read(lock, entry));
        assertTrue(none.getMessage().contains("keeps no SBOM of " + FixtureCache.NOBLE), none.getMessage());
        String sha256 = ai.vantage.maven.slurm.io.Checksums.of(json).get("sha256");
        assertEquals(new String(json, StandardCharsets.UTF_8),
                new String(LockedSbom.read(lock, entry.withSbom(sha256)), StandardCharsets.UTF_8));
        Files.writeString(file, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"x\"}]}\n");
        IOException altered = assertThrows(IOException.class, () -> LockedSbom.read(lock, entry.withSbom(sha256)));
        assertTrue(altered.getMessage().contains("changed since slurm:lock wrote it"), altered.getMessage());
    }
}
