package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fail-closed signature checks through real Maven: in the transport, and on artifacts from anywhere else. */
class VerifyIT extends FixtureCacheIT {

    private static final SlurmCoordinate TAMPERED = new SlurmCoordinate("25.11", Toolchain.RESOLUTE, Arch.AMD64);
    private static final SlurmCoordinate UNTRUSTED = new SlurmCoordinate("25.11", Toolchain.ROCKYLINUX10, Arch.AMD64);
    private static final SlurmCoordinate UNSIGNED = new SlurmCoordinate("25.11", Toolchain.ROCKYLINUX8, Arch.AMD64);

    private static FixtureKey stranger;
    private static Path signerKey;
    private static CacheServer plainGood;
    private static CacheServer plainTampered;

    @BeforeAll
    static void hostileBuilds() throws IOException {
        flipByte(cache.put(TAMPERED, CacheLayout.CURRENT));
        stranger = FixtureKey.generate("Stranger <stranger@example.invalid>");
        FixtureCache.create(cache.root(), stranger).put(UNTRUSTED, CacheLayout.CURRENT);
        Files.delete(FixtureCache.signaturePath(cache.put(UNSIGNED, CacheLayout.CURRENT)));

        signerKey = cache.root().resolveSibling("signer.asc");
        plainGood = CacheServer.start(plainRepository("plain-good", false)).setMissingStatus(404);
        plainTampered = CacheServer.start(plainRepository("plain-tampered", true)).setMissingStatus(404);
    }

    @AfterAll
    static void stopPlainRepositories() {
        plainGood.close();
        plainTampered.close();
    }

    private static MavenResult resolve(MavenVersion maven, String test, SlurmCoordinate coordinate) throws Exception {
        return maven(maven, "resolve-from-cache", test)
                .property("slurm.series", coordinate.series()).property("slurm.classifier", coordinate.classifier())
                .args("dependency:copy-dependencies").run();
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void tamperedTarballIsRefusedAndNeverLands(MavenVersion maven) throws Exception {
        MavenResult result = resolve(maven, "tampered", TAMPERED);

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing " + TAMPERED + ": its "), result::toString);
        assertTrue(result.log().contains("do not match its signature by key " + key.fingerprint()), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "resolute")), "a refused tarball must not land");
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void untrustedKeyIsRefusedWithHowToPinIt(MavenVersion maven) throws Exception {
        MavenResult result = resolve(maven, "untrusted", UNTRUSTED);

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("which is not a trusted key"), result::toString);
        assertTrue(result.log().contains("-Dslurm.pgp.fingerprints=" + stranger.fingerprint()), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "rockylinux10")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void unsignedTarballIsRefused(MavenVersion maven) throws Exception {
        MavenResult result = resolve(maven, "unsigned", UNSIGNED);

        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().contains("Refusing " + UNSIGNED + ": it has no PGP signature"), result::toString);
        assertFalse(Files.exists(result.slurmTarball("25.11", "rockylinux8")));
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void unsignedTarballPassesOnlyWhenExplicitlyAllowedWithAWarning(MavenVersion maven) throws Exception {
        MavenResult result = maven(maven, "resolve-from-cache", "allow-unsigned")
                .property("slurm.series", "25.11").property("slurm.classifier", "rockylinux8")
                .property("slurm.pgp.allowUnsigned", "25.11:rockylinux8")
                .args("dependency:copy-dependencies").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.log().lines().anyMatch(l -> l.startsWith("[WARNING]") && l.contains("25.11:rockylinux8")),
                result::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void verifiedArtifactInTheLocalRepositoryIsCheckedAgain(MavenVersion maven) throws Exception {
        MavenRun run = maven(maven, "resolve-from-cache", "local-recheck")
                .property("slurm.series", "25.11").property("slurm.classifier", "noble")
                .args("dependency:copy-dependencies");
        MavenResult first = run.run();
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(Files.exists(FixtureCache.signaturePath(first.slurmTarball("25.11", "noble"))),
                "the .asc is kept beside the tarball in the local repository");

        MavenResult again = run.log("again.log").run();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.log().contains("Verified " + FixtureCache.NOBLE), again::toString);

        flipByte(first.slurmTarball("25.11", "noble"));
        MavenResult corrupted = run.log("corrupted.log").run();
        assertNotEquals(0, corrupted.exitCode(), corrupted::toString);
        assertTrue(corrupted.log().contains("do not match its signature"), corrupted::toString);
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void pgpverifyPluginAgreesWithTheKeptSignature(MavenVersion maven) throws Exception {
        Path keyServer = cache.root().resolveSibling("keyserver");
        Files.createDirectories(keyServer.resolve("pks"));
        Files.write(keyServer.resolve("pks/lookup"), key.armoredPublicKey());
        try (CacheServer hkp = CacheServer.start(keyServer)) {
            Path project = SampleProject.copy("verify-with-pgpverify", "pgpverify/" + maven.name().toLowerCase(),
                    java.util.Map.of("fingerprint", key.fingerprint()));
            MavenResult result = MavenRun.of(maven, project)
                    .property("slurm.repository.url", repositoryUrl())
                    .property("slurm.pgp.fingerprints", key.fingerprint())
                    .property("pgpverify.keyserver", hkp.uri().toString().replaceAll("/$", ""))
                    .args("org.simplify4u.plugins:pgpverify-maven-plugin:1.19.1:check").run();

            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(Files.exists(FixtureCache.signaturePath(result.slurmTarball("25.11", "noble"))));
            assertTrue(result.log().lines().anyMatch(l -> l.contains("ai.vantage:slurm") && l.contains("PGP Signature OK")),
                    result::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void artifactFromAPlainRepositoryIsChecked(MavenVersion maven) throws Exception {
        MavenResult good = maven(maven, "resolve-through-plain-repository", "plain-good")
                .property("slurm.repository.url", plainGood.uri().toString())
                .property("slurm.pgp.keys", signerKey.toString())
                .args("dependency:copy-dependencies").run();
        assertEquals(0, good.exitCode(), good::toString);
        assertTrue(good.log().contains("Verified " + FixtureCache.NOBLE + ": signed by " + key.fingerprint()),
                good::toString);

        MavenResult tampered = maven(maven, "resolve-through-plain-repository", "plain-tampered")
                .property("slurm.repository.url", plainTampered.uri().toString())
                .property("slurm.pgp.keys", signerKey.toString())
                .args("dependency:copy-dependencies").run();
        assertNotEquals(0, tampered.exitCode(), tampered::toString);
        assertTrue(tampered.log().contains("do not match its signature"), tampered::toString);
    }
}
