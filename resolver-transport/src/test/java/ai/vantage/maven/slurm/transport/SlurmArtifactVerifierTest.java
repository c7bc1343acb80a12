package ai.vantage.maven.slurm.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.accept.WrongReleaseException;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.io.VerifiedFiles;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.release.ReleaseShown;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.LocalRepositoryManager;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-processor on its own: it holds every resolved {@code ai.vantage:slurm} tarball to the session's
 * acceptance rule (signature; for an exact version, the release the tarball's module file shows) and leaves a refused
 * one unresolved with the rule's reason, whichever repository served it.
 */
class SlurmArtifactVerifierTest {

    @TempDir
    static Path work;

    private static FixtureCache cache;
    private static Path tarball;
    private static Path signature;
    private static Path publicKey;

    private DefaultRepositorySystemSession session;
    private final SlurmArtifactVerifier verifier = new SlurmArtifactVerifier(() -> resolvingSignatures());

    @BeforeAll
    static void fixture() throws Exception {
        cache = FixtureCache.create(work.resolve("cache"), FixtureKey.generate("Unit signer <unit@example.invalid>"))
                .populateDefault();
        tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT); // Slurm 25.11.6
        signature = FixtureCache.signaturePath(tarball);
        publicKey = work.resolve("signer.asc");
        cache.key().writePublicKey(publicKey);
    }

    @BeforeEach
    void newSession() {
        session = new DefaultRepositorySystemSession();
        session.setConfigProperties(Map.of("slurm.pgp.fingerprints", cache.key().fingerprint(),
                "slurm.pgp.keys", publicKey.toString()));
        Path local = work.resolve("local-" + System.nanoTime());
        session.setLocalRepositoryManager((LocalRepositoryManager) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {LocalRepositoryManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRepository")) {
                        return new LocalRepository(local.toFile());
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    /** A repository system whose only use here is resolving the {@code .asc} beside the tarball. */
    private static RepositorySystem resolvingSignatures() {
        return (RepositorySystem) Proxy.newProxyInstance(SlurmArtifactVerifierTest.class.getClassLoader(),
                new Class<?>[] {RepositorySystem.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("resolveArtifact")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    ArtifactRequest request = (ArtifactRequest) args[1];
                    return new ArtifactResult(request).setArtifact(request.getArtifact().setFile(signature.toFile()));
                });
    }

    /** The tarball resolved as {@code ai.vantage:slurm:<version>:tar.gz:noble}, post-processed. */
    private ArtifactResult resolve(String version, Path file) {
        Artifact artifact = new DefaultArtifact("ai.vantage", "slurm", "noble", "tar.gz", version)
                .setFile(file.toFile());
        ArtifactResult result = new ArtifactResult(new ArtifactRequest(artifact, List.of(), null))
                .setArtifact(artifact);
        verifier.postProcess(session, List.of(result));
        return result;
    }

    @Test
    void aSignedSeriesBuildAndTheExactReleaseItsModuleFileShowsAreAccepted() {
        for (String version : new String[] {"25.11", "25.11.6"}) {
            ArtifactResult result = resolve(version, tarball);

            assertEquals(List.of(), result.getExceptions(), version);
            assertEquals(tarball.toFile(), result.getArtifact().getFile(), version);
        }
    }

    @Test
    void anExactReleaseTheModuleFileContradictsIsLeftUnresolvedWithTheRulesReason() {
        ArtifactResult result = resolve("25.11.999", tarball);

        assertNull(result.getArtifact().getFile(), "a refused tarball is never handed to the build");
        WrongReleaseException e = assertInstanceOf(WrongReleaseException.class, result.getExceptions().get(0));
        assertEquals("25.11 for noble is now 25.11.6; pin 25.11.6 or use the series (asked for 25.11.999): the "
                + "signed tarball is Slurm 25.11.6 (its module file view/assets/modules/slurm/25-11-6-1.lua says so)",
                e.getMessage());
    }

    @Test
    void aFileTheTransportVerifiedIsHeldToTheRuleWithTheReleaseItsReadShowed() throws Exception {
        Path copy = Files.copy(tarball, work.resolve("transported-" + System.nanoTime() + ".tar.gz"));
        SlurmSession state = SlurmSession.of(session);
        var verified = state.localVerifier().verify(FixtureCache.NOBLE.toString(), copy,
                Files.newInputStream(signature), (bytes, off, len) -> {});
        state.verified(VerifiedFiles.identity(copy), verified, "0".repeat(64), Optional.of(ReleaseShown.of(
                ExactRelease.ofSpack("25-11-7-1"), "view/assets/modules/slurm/25-11-7-1.lua")));

        ArtifactResult seven = resolve("25.11.7", copy);
        ArtifactResult six = resolve("25.11.6", copy);

        assertEquals(List.of(), seven.getExceptions(), "the transport's read showed 25.11.7: not read again");
        WrongReleaseException e = assertInstanceOf(WrongReleaseException.class, six.getExceptions().get(0));
        assertTrue(e.getMessage().contains("is Slurm 25.11.7 (its module file view/assets/modules/slurm/25-11-7-1.lua"),
                e.getMessage());
    }

    @Test
    void aTarballWhoseBytesDoNotMatchItsSignatureIsRefusedBeforeItsReleaseIsAsked() throws Exception {
        Path tampered = Files.copy(tarball, work.resolve("tampered-" + System.nanoTime() + ".tar.gz"));
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(tampered, bytes);

        ArtifactResult result = resolve("25.11.6", tampered);

        assertNull(result.getArtifact().getFile());
        VerificationException e = assertInstanceOf(VerificationException.class, result.getExceptions().get(0));
        assertEquals(VerificationException.Reason.BAD_SIGNATURE, e.reason());
        assertNotNull(e.getMessage());
    }

}
