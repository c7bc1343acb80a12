package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a hostile repository, mirror or cache tries after the signature check itself holds, through real Maven:
 * relocating the Slurm coordinate, serving other bytes at a coordinate verified earlier in the build, an older
 * genuine build, and collecting the repository's credentials at a mirror.
 */
class TrustIT extends FixtureCacheIT {

    /** Served at the same key first signed later, then with its older signature. */
    private static final SlurmCoordinate ROLLED_BACK = new SlurmCoordinate("25.11", Toolchain.JAMMY, Arch.AMD64);

    private static CacheServer relocating;
    private static CacheServer plainTampered;
    private static Path rolledBack;
    private static byte[] olderSignature;

    @BeforeAll
    static void hostileRepositories() throws IOException {
        Path relocation = plainRepository("relocating", false);
        Files.writeString(relocation.resolve("ai/vantage/slurm/25.11/slurm-25.11.pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>ai.vantage</groupId>
                  <artifactId>slurm</artifactId>
                  <version>25.11</version>
                  <distributionManagement>
                    <relocation><groupId>evil</groupId><artifactId>payload</artifactId></relocation>
                  </distributionManagement>
                </project>
                """);
        Path payload = Files.createDirectories(relocation.resolve("evil/payload/25.11"));
        Files.writeString(payload.resolve("payload-25.11.pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><groupId>evil</groupId><artifactId>payload</artifactId>"
                + "<version>25.11</version></project>");
        Files.writeString(payload.resolve("payload-25.11-noble.tar.gz"), "#!/bin/sh\necho owned\n");
        writeSha1(List.of(relocation.resolve("ai/vantage/slurm/25.11/slurm-25.11.pom"),
                payload.resolve("payload-25.11.pom"), payload.resolve("payload-25.11-noble.tar.gz")));
        relocating = CacheServer.start(relocation).setMissingStatus(404);
        plainTampered = CacheServer.start(plainRepository("two-modules-tampered", true)).setMissingStatus(404);

        rolledBack = cache.put(ROLLED_BACK, CacheLayout.CURRENT);
        olderSignature = Files.readAllBytes(FixtureCache.signaturePath(rolledBack));
    }

    @AfterAll
    static void stopRepositories() {
        relocating.close();
        plainTampered.close();
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void relocatedSlurmPomIsRefusedNamingTheRepositoryThatServedIt(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-through-plain-repository", "relocated")
                .property("slurm.repository.url", relocating.uri().toString())
                .args("dependency:copy-dependencies").run();

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing evil:payload:tar.gz:noble:25.11: the POM of ai.vantage:slurm"),
                result::toString);
        assertTrue(result.log().contains("served by it-fixture-cache (" + relocating.uri() + ") relocates it there, "
                + "but ai.vantage:slurm is never relocated"), result::toString);
        assertFalse(Files.exists(result.logFile().resolveSibling("target/dependency/payload-25.11-noble.tar.gz")),
                "nothing relocated is copied");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void otherBytesAtACoordinateVerifiedEarlierInTheBuildAreVerifiedAgain(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-in-two-modules", "two-modules")
                .property("plain.repository.url", plainTampered.uri().toString())
                .args("dependency:copy-dependencies").run();

        assertTrue(result.log().contains("Verified " + FixtureCache.NOBLE + ": signed by " + key.fingerprint()),
                "module a verified it from the cache:\n" + result);
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("do not match its signature"), "module b's other bytes are refused:\n" + result);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void olderGenuineBuildIsRefusedAtResolutionUnlessDowngradeIsAllowed(MavenVersion maven) throws Exception {
        Thread.sleep(1100); // signature times are in seconds
        Path asc = FixtureCache.signaturePath(rolledBack);
        Files.write(asc, key.sign(rolledBack));
        Path prefix = Path.of(System.getProperty("it.work"), "rolled-back", maven.name().toLowerCase(), "opt-slurm");
        MavenResult newer = maven(maven, "install-from-cache", "rolled-back")
                .property("slurm.version", "25.11").property("slurm.toolchain", "jammy").property("slurm.arch", "amd64")
                .property("slurm.prefix", prefix.toString()).args("slurm:verify").run();
        assertEquals(0, newer.exitCode(), newer::toString);
        assertEquals(1, newer.log().lines().filter(l -> l.startsWith("[INFO] Verified " + ROLLED_BACK)).count(),
                "the plugin re-checks the file the transport verified at debug level (issue 12 item 5a):\n" + newer);
        Path ledger = newer.localRepository().resolve(SignatureTimeLedger.LOCAL_REPOSITORY_FOLDER)
                .resolve("ai.vantage_slurm_25.11_tar.gz_jammy.time");
        String newest = Files.readString(ledger, StandardCharsets.US_ASCII).trim();

        Files.write(asc, olderSignature);
        SampleProject.delete(newer.localRepository().resolve("ai/vantage/slurm"));
        MavenRun older = resolving(maven, "rolled-back-resolve", ROLLED_BACK).localRepository(newer.localRepository())
                .args("dependency:copy-dependencies");
        MavenResult refused = older.run();

        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.log().matches("(?s).*Refusing " + ROLLED_BACK + " is signed \\S+Z, before the newest "
                + "signature already accepted for it \\(" + newest + ", .*"), refused::toString);
        assertFalse(Files.exists(refused.slurmTarball("25.11", "jammy")), "a refused tarball must not land");

        MavenResult allowed = older.property("slurm.allowDowngrade", "true").log("allowed.log").run();
        assertEquals(0, allowed.exitCode(), allowed::toString);
        assertTrue(allowed.log().lines().anyMatch(l -> l.startsWith("[WARNING] DOWNGRADE accepted (slurm.allowDowngrade): "
                + ROLLED_BACK)), allowed::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void repositoryCredentialsNeverReachAMirrorThatIsNotNamedForThem(MavenVersion maven) throws Exception {
        MavenRun run = resolving(maven, "mirror-credentials", FixtureCache.NOBLE)
                .property("slurm.repository.url", "slurm+http://127.0.0.1:1/").property("slurm.retries", "0");
        Path settings = Files.writeString(Path.of(System.getProperty("it.work"), "mirror-credentials",
                maven.name().toLowerCase(), "settings.xml"), "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><servers>"
                + "<server><id>it-fixture-cache</id><username>repository-user</username><password>secret</password></server>"
                + "<server><id>site-mirror</id><username>mirror-user</username><password>its-own</password></server>"
                + "</servers></settings>");
        server.clearRequests();

        MavenResult bare = run.property("slurm.mirrors", server.uri().toString())
                .args("-s", settings.toString(), "dependency:copy-dependencies").run();
        assertEquals(0, bare.exitCode(), bare::toString);
        assertTrue(server.requests().stream().anyMatch(r -> r.startsWith("GET /noble/25.11/")), server.requests()::toString);
        assertEquals(List.of(), server.authorizations(), "a bare mirror URL gets no credentials");

        SampleProject.delete(bare.localRepository());
        MavenResult named = run.property("slurm.mirrors", "site-mirror=" + server.uri()).log("named.log").run();
        assertEquals(0, named.exitCode(), named::toString);
        String mirrorCredentials = "Basic " + Base64.getEncoder().encodeToString(
                "mirror-user:its-own".getBytes(StandardCharsets.UTF_8));
        assertFalse(server.authorizations().isEmpty(), named::toString);
        assertTrue(server.authorizations().stream().allMatch(a -> a.endsWith(mirrorCredentials)),
                server.authorizations()::toString);
    }
}
