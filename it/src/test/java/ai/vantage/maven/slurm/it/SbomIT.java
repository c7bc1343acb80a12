package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code slurm:sbom} through real Maven: the SBOM of the build an install would take, or nothing and why. */
class SbomIT extends FixtureCacheIT {

    /** Upstream as it was first built: the fixture's tarball and DAG of noble amd64. */
    @BeforeAll
    static void upstreamFirstBuild() throws IOException {
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT);
        mirror().write();
    }

    private static FixtureSpackMirror mirror() {
        return FixtureSpackMirror.of(cache, Toolchain.NOBLE)
                .slurm(FixtureTarball.of(FixtureCache.NOBLE).spackVersion(), Arch.AMD64);
    }

    /** A copy of the deployment repository for {@code test} and {@code maven}. */
    static Path project(MavenVersion maven, String test) throws IOException {
        return SampleProject.copy("install-from-cache", test + "/" + maven.name().toLowerCase(), Map.of());
    }

    /** A run in the deployment repository {@code project} for {@code coordinate}, with no goal yet. */
    static MavenRun deployment(MavenVersion maven, Path project, SlurmCoordinate coordinate) {
        return trusting(MavenRun.of(maven, project))
                .property("slurm.repository.url", repositoryUrl())
                .property("slurm.version", coordinate.series())
                .property("slurm.toolchain", coordinate.toolchain().id())
                .property("slurm.arch", coordinate.arch().id());
    }

    /** The SBOM at {@code file}, after the CycloneDX 1.6 schema says it is valid. */
    static Bom validSbom(Path file) throws Exception {
        byte[] json = Files.readAllBytes(file);
        JsonParser parser = new JsonParser();
        assertEquals(List.of(), parser.validate(json, Version.VERSION_16));
        return parser.parse(json);
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void sbomOfTheInstalledBuildIsWrittenAndSummarised(MavenVersion maven) throws Exception {
        upstreamFirstBuild();
        Path project = project(maven, "sbom/written");
        Path output = project.resolve("target/slurm-25.11-noble-cyclonedx.json");

        MavenResult result = deployment(maven, project, FixtureCache.NOBLE).args("slurm:sbom").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("[INFO] Wrote the SBOM of " + FixtureCache.NOBLE + " to " + output
                + ": 14 components; Slurm has 11 direct dependencies (8 at run time)"), result::toString);
        Bom bom = validSbom(output);
        Path tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        assertEquals(sha256(tarball), bom.getMetadata().getComponent().getHashes().get(0).getValue());
        assertEquals("25.11.6", bom.getMetadata().getComponent().getVersion());
        assertEquals(14, bom.getComponents().size());

        Path chosen = project.resolve("sbom/chosen.json");
        MavenResult elsewhere = deployment(maven, project, FixtureCache.NOBLE)
                .property("slurm.sbom.output", chosen.toString()).args("slurm:sbom").log("elsewhere.log").run();
        assertEquals(0, elsewhere.exitCode(), elsewhere::toString);
        assertEquals(Files.readString(output), Files.readString(chosen), "same build, same bytes");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_4") // the engine's work: one line
    void buildWithoutASignedSpecGetsNoSbomAndSaysWhy(MavenVersion maven) throws Exception {
        Path project = project(maven, "sbom/none");

        MavenResult result = deployment(maven, project, FixtureCache.JAMMY_PREVIOUS).args("slurm:sbom").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("No SBOM of " + FixtureCache.JAMMY_PREVIOUS + " (nothing written): No signed "
                + "Spack spec of " + FixtureCache.JAMMY_PREVIOUS + ": The cache has no Spack mirror at "),
                result::toString);
        assertTrue(Files.notExists(project.resolve("target/slurm-24.11-jammy-cyclonedx.json")), "nothing written");
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void diffShowsWhatUpstreamsRebuildChangedAgainstTheLock(MavenVersion maven) throws Exception {
        upstreamFirstBuild();
        Path project = project(maven, "sbom/diff");
        MavenResult locked = deployment(maven, project, FixtureCache.NOBLE).args("slurm:lock").log("lock.log").run();
        assertEquals(0, locked.exitCode(), locked::toString);
        Path kept = project.resolve("slurm.lock.d/slurm-25.11-noble-cyclonedx.json");
        assertTrue(locked.log().contains("[INFO] Kept the SBOM of " + FixtureCache.NOBLE + " in " + kept + ": 14 "
                + "components"), locked::toString);
        LockEntry entry = LockFile.read(project.resolve(LockFile.FILE_NAME)).entry(FixtureCache.NOBLE).orElseThrow();
        assertEquals(sha256(kept), entry.sbom().orElseThrow());
        validSbom(kept);

        // upstream rebuilds 25.11 for noble with newer OpenSSL and PMIx: other bytes and another signed spec
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).file("view/etc/rebuilt.txt", "rebuilt\n"));
        mirror().dependency("openssl", "3.0.14").dependency("pmix", "5.0.6").write();
        MavenResult diff = deployment(maven, project, FixtureCache.NOBLE).args("slurm:diff").log("diff.log").run();

        assertEquals(0, diff.exitCode(), diff::toString);
        assertTrue(diff.log().contains("[INFO] 2 package(s) differ from the locked build (Slurm 25.11.6) to "
                + "upstream's build now (Slurm 25.11.6, signed "), diff::toString);
        assertTrue(diff.log().contains("[INFO]   openssl 3.0.13 -> 3.0.14"), diff::toString);
        assertTrue(diff.log().contains("[INFO]   pmix 5.0.3 -> 5.0.6"), diff::toString);
        JsonNode json = new ObjectMapper().readTree(project.resolve("target/slurm-25.11-noble-diff.json").toFile());
        assertEquals(2, json.path("changes").size(), json::toString);
        assertEquals("pmix", json.path("changes").get(1).path("name").asText());
        assertEquals("5.0.3", json.path("changes").get(1).path("before").get(0).asText());
    }

    @ParameterizedTest
    @EnumSource(value = MavenVersion.class, names = "MAVEN_3") // the engine's work: one line
    void installWritesTheSbomIntoTheReleaseAndEnvSaysWhere(MavenVersion maven) throws Exception {
        upstreamFirstBuild();
        Path project = project(maven, "sbom/install");
        Path prefix = project.resolveSibling("opt-slurm");
        SampleProject.delete(prefix);

        MavenResult installed = deployment(maven, project, FixtureCache.NOBLE).property("slurm.prefix",
                prefix.toString()).args("slurm:install", "slurm:env").log("install.log").run();

        assertEquals(0, installed.exitCode(), installed::toString);
        JsonNode receipt = new ObjectMapper().readTree(prefix.resolve(".slurm-install.json").toFile());
        String file = "releases/" + receipt.path("release").asText() + "/sbom.cdx.json";
        assertEquals(file, receipt.path("sbom").asText(), receipt::toString);
        Path sbom = prefix.resolve(file);
        assertEquals(sha256(sbom), receipt.path("sbomSha256").asText());
        Bom bom = validSbom(sbom);
        assertEquals(receipt.path("sha256").asText(), bom.getMetadata().getComponent().getHashes().get(0).getValue());
        assertTrue(installed.log().contains("[INFO] Wrote the SBOM of the release to " + sbom + ": 14 components"),
                installed::toString);
        assertTrue(installed.log().contains("[INFO] The SBOM of the installed release: " + sbom + " (sha256 "
                + sha256(sbom) + ")"), installed::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void theSbomResolvesByCoordinateThroughTheTransportAndTheBridgeJar(MavenVersion maven) throws Exception {
        upstreamFirstBuild();
        String file = "ai/vantage/slurm/25.11/slurm-25.11-noble-cyclonedx.json";

        MavenResult transport = resolving(maven, "sbom/transport", FixtureCache.NOBLE)
                .property("slurm.type", "json").property("slurm.classifier", "noble-cyclonedx")
                .args("dependency:resolve").run();

        assertEquals(0, transport.exitCode(), transport::toString);
        Bom bom = validSbom(transport.localRepository().resolve(file));
        assertEquals("25.11.6", bom.getMetadata().getComponent().getVersion());
        assertEquals(14, bom.getComponents().size());

        Path work = Path.of(System.getProperty("it.work"), "sbom", "bridge", maven.name().toLowerCase());
        SampleProject.delete(work);
        try (BridgeJar jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString())) {
            MavenResult bridged = plain(maven, "sbom/bridge", jar.uri().toString(), "noble-cyclonedx")
                    .property("slurm.series", "25.11").property("slurm.type", "json")
                    .args("dependency:resolve").run();

            assertEquals(0, bridged.exitCode(), bridged::toString);
            assertEquals(Files.readString(transport.localRepository().resolve(file)),
                    Files.readString(bridged.localRepository().resolve(file)), "one build, one document");
        }
    }
}
