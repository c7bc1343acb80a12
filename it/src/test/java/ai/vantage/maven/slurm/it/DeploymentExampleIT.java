package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code examples/deployment} as an operator runs it on a node: {@code ./mvnw install} through the example's own
 * Maven Wrapper, which fetches the Maven it pins (served on loopback here, from the distribution the build tests)
 * and installs Slurm from the fixture cache.
 */
class DeploymentExampleIT extends FixtureCacheIT {

    private static final List<String> WRAPPER = List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties");

    @Test
    void installsThroughItsOwnWrapperWithTheMavenThisProjectTests() throws Exception {
        Path root = Path.of(System.getProperty("it.root"));
        Path example = root.resolve("examples/deployment");
        for (String file : WRAPPER) {
            assertEquals(Files.readString(root.resolve(file)), Files.readString(example.resolve(file)),
                    "examples/deployment/" + file + " is the project's own wrapper file");
        }
        String version = MavenVersion.MAVEN_3.executable().getParent().getParent().getFileName().toString()
                .substring("apache-maven-".length());
        String zip = "org/apache/maven/apache-maven/" + version + "/apache-maven-" + version + "-bin.zip";
        Path work = Path.of(System.getProperty("it.work"), "deployment-wrapper");
        SampleProject.delete(work);
        Path mirror = work.resolve("mirror");
        Files.createDirectories(mirror.resolve(zip).getParent());
        Files.copy(Path.of(System.getProperty("it.outerRepo"), zip), mirror.resolve(zip));
        Path project = SampleProject.copyVerbatim(example, "deployment-wrapper");
        Path wrapperHome = work.resolve("maven-user-home");
        Path prefix = work.resolve("opt-slurm");

        MavenResult result;
        List<String> fetched;
        try (CacheServer distributions = CacheServer.start(mirror)) {
            result = MavenRun.ofWrapper(project)
                    .env("MVNW_REPOURL", distributions.uri().toString().replaceAll("/$", ""))
                    .env("MAVEN_USER_HOME", wrapperHome.toString())
                    .property("slurm.repository.url", repositoryUrl())
                    .property("slurm.pgp.fingerprints", key.fingerprint())
                    .property("slurm.prefix", prefix.toString())
                    .property("slurm.toolchain", FixtureCache.NOBLE.toolchain().id())
                    .property("slurm.arch", FixtureCache.NOBLE.arch().id())
                    .args("-V", "install")
                    .run();
            fetched = distributions.requests();
        }

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("GET /" + zip), fetched, "the wrapper fetched the Maven it pins, once");
        assertTrue(result.log().contains("Apache Maven " + version + " "), result::toString);
        assertTrue(Files.isDirectory(wrapperHome.resolve("wrapper/dists/apache-maven-" + version)));
        assertTrue(result.log().contains("Installed " + FixtureCache.NOBLE + " at " + prefix.resolve("view")),
                result::toString);
        assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
        assertTrue(Files.readString(prefix.resolve("slurm-env.sh")).contains(prefix.resolve("view").toString()));
    }

    /** The example's commented-out exact pin, as the operator would un-comment it. */
    private static final Pattern EXACT_PIN = Pattern.compile(
            "(?s)<!-- To pin an exact Slurm release.*?(<dependency>.*?<version>)25\\.11\\.6"
                    + "(</version>.*?</dependency>)\\s*-->");

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void anExactReleaseManagedBeforeTheBomIsInstalledAndHeldToThatRelease(MavenVersion maven) throws Exception {
        Path example = Path.of(System.getProperty("it.root")).resolve("examples/deployment");
        for (String pinned : new String[] {"25.11.6", "25.11.5"}) {
            Path project = SampleProject.copyVerbatim(example, "deployment-exact/" + maven.name() + "/" + pinned);
            Path pom = project.resolve("pom.xml");
            Matcher snippet = EXACT_PIN.matcher(Files.readString(pom));
            assertTrue(snippet.find(), "examples/deployment/pom.xml shows how to pin an exact release");
            Files.writeString(pom, snippet.replaceFirst("$1" + pinned + "$2"));
            Path prefix = project.resolveSibling("opt-slurm");
            SampleProject.delete(prefix);

            MavenResult result = MavenRun.of(maven, project)
                    .property("slurm.repository.url", repositoryUrl())
                    .property("slurm.pgp.fingerprints", key.fingerprint())
                    .property("slurm.prefix", prefix.toString())
                    .property("slurm.toolchain", "noble").property("slurm.arch", "amd64")
                    .args("install").run();

            if (pinned.equals("25.11.6")) { // the fixture's noble build
                assertEquals(0, result.exitCode(), result::toString);
                assertTrue(result.log().contains("Installing " + FixtureCache.NOBLE + " (Slurm 25.11.6)"),
                        result::toString);
                assertEquals("slurm 25.11.6", run(prefix.resolve("view/bin/sinfo"), "--version"));
            } else {
                assertNotEquals(0, result.exitCode(), result::toString);
                assertTrue(result.log().contains("25.11 for noble is now 25.11.6; pin 25.11.6 or use the series "
                        + "(asked for 25.11.5)"), result::toString);
                assertTrue(Files.notExists(prefix.resolve("view")), "nothing was switched");
            }
        }
    }
}
