package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** settings.xml applies to slurm+ repositories as to Maven's own: proxies and mirrors. */
class SettingsIT extends FixtureCacheIT {

    private static final String NOBLE_KEY = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE).orElseThrow();

    private static Path settings(Path project, String body) throws Exception {
        return Files.writeString(project.resolveSibling(project.getFileName() + "-settings.xml"),
                "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">" + body + "</settings>");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void httpProxyFromSettingsCarriesTheRequests(MavenVersion maven) throws Exception {
        MavenRun run = maven(maven, "resolve-from-cache", "proxy")
                .property("slurm.repository.url", "slurm+http://it-fixture-cache.invalid/")
                .property("slurm.series", "25.11").property("slurm.classifier", "noble");
        Path project = Path.of(System.getProperty("it.work"), "proxy", maven.name().toLowerCase(), "resolve-from-cache");
        Path settings = settings(project, "<proxies><proxy><id>loopback</id><active>true</active>"
                + "<protocol>http</protocol><host>127.0.0.1</host><port>" + server.uri().getPort() + "</port>"
                + "<nonProxyHosts>repo.maven.apache.org</nonProxyHosts></proxy></proxies>");
        server.clearRequests();

        MavenResult result = run.args("-s", settings.toString(), "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(server.requests().contains("GET /" + NOBLE_KEY), "the proxy received the tarball request: "
                + server.requests());
        assertEquals(sha256(cache.root().resolve(NOBLE_KEY)), sha256(result.slurmTarball("25.11", "noble")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void mirrorOfReplacesTheRepository(MavenVersion maven) throws Exception {
        MavenRun run = maven(maven, "resolve-from-cache", "mirror")
                .property("slurm.repository.url", "slurm+http://it-fixture-cache.invalid/")
                .property("slurm.series", "24.11").property("slurm.classifier", "jammy");
        Path project = Path.of(System.getProperty("it.work"), "mirror", maven.name().toLowerCase(), "resolve-from-cache");
        Path settings = settings(project, "<mirrors><mirror><id>site-copy</id><mirrorOf>it-fixture-cache</mirrorOf>"
                + "<url>" + repositoryUrl() + "</url></mirror></mirrors>");

        MavenResult result = run.args("-s", settings.toString(), "dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Verified ai.vantage:slurm:24.11:tar.gz:jammy"), result::toString);
        assertTrue(Files.exists(result.slurmTarball("24.11", "jammy")));
    }
}
