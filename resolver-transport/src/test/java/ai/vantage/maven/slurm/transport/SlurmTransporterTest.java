package ai.vantage.maven.slurm.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.TarballPipe;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.lock.LockEntry;
import ai.vantage.maven.slurm.lock.LockFile;
import ai.vantage.maven.slurm.lock.LockMismatchException;
import ai.vantage.maven.slurm.pgp.SignatureTimeLedger;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import ai.vantage.maven.slurm.session.SharedSession;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.metadata.Metadata;
import org.eclipse.aether.repository.LocalArtifactRegistration;
import org.eclipse.aether.repository.LocalArtifactRequest;
import org.eclipse.aether.repository.LocalArtifactResult;
import org.eclipse.aether.repository.LocalMetadataRegistration;
import org.eclipse.aether.repository.LocalMetadataRequest;
import org.eclipse.aether.repository.LocalMetadataResult;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.LocalRepositoryManager;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transporter driven with Maven's Get and Peek tasks against the fixture cache on loopback, no Maven process. */
class SlurmTransporterTest {

    private static final SlurmCoordinate RESOLUTE_TAMPERED = SlurmCoordinate.of("25.11", "resolute");
    private static final SlurmCoordinate ROCKY8_UNSIGNED = SlurmCoordinate.of("25.11", "rockylinux8");
    private static final String NOBLE_KEY = CacheLayout.CURRENT.tarballKey(FixtureCache.NOBLE).orElseThrow();

    @TempDir
    static Path work;

    private static FixtureCache cache;
    private static CacheServer server;

    private Transporter transporter;
    private DefaultRepositorySystemSession session;

    @BeforeAll
    static void startCache() throws Exception {
        cache = FixtureCache.create(work.resolve("cache"), FixtureKey.generate("Unit signer <unit@example.invalid>"))
                .populateDefault();
        Path tampered = cache.put(RESOLUTE_TAMPERED, CacheLayout.CURRENT);
        try (RandomAccessFile file = new RandomAccessFile(tampered.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xff);
        }
        Files.delete(FixtureCache.signaturePath(cache.put(ROCKY8_UNSIGNED, CacheLayout.CURRENT)));
        server = CacheServer.start(cache.root());
    }

    @AfterAll
    static void stopCache() {
        server.close();
    }

    @BeforeEach
    void newSession() throws Exception {
        transporter = transporter(Map.of("slurm.pgp.fingerprints", cache.key().fingerprint(),
                "slurm.pgp.allowUnsigned", "25.11:noble-arm64"));
        server.clearRequests();
    }

    private Transporter transporter(Map<String, ?> properties) throws Exception {
        return transporter("slurm+" + server.uri(), properties);
    }

    private Transporter transporter(String url, Map<String, ?> properties) throws Exception {
        session = new DefaultRepositorySystemSession();
        session.setConfigProperties(properties);
        session.setLocalRepositoryManager(new NoLocalRepository(work.resolve("local-" + System.nanoTime())));
        return new SlurmTransporterFactory().newInstance(session,
                new RemoteRepository.Builder("fixture", "default", url).build());
    }

    private static byte[] noble() throws Exception {
        return Files.readAllBytes(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
    }

    @Test
    void bodyCutOffMidwayIsResumedWithRange() throws Exception {
        server.resetAfter(NOBLE_KEY, 700, 1);
        GetTask task = get(FixtureCache.NOBLE, "");

        transporter.get(task);

        assertArrayEquals(noble(), task.getDataBytes());
        assertTrue(server.requests().contains("GET /" + NOBLE_KEY + " Range: bytes=700-"), server.requests().toString());
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        server.failWith(NOBLE_KEY, 503, 2);
        GetTask task = get(FixtureCache.NOBLE, "");

        transporter.get(task);

        assertArrayEquals(noble(), task.getDataBytes());
        assertEquals(3, server.requests().stream().filter(("GET /" + NOBLE_KEY)::equals).count(),
                server.requests().toString());
    }

    @Test
    void deadBaseUrlFailsOverToTheMirror() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        transporter = transporter("slurm+http://127.0.0.1:" + deadPort + "/", Map.of("slurm.pgp.fingerprints",
                cache.key().fingerprint(), "slurm.mirrors", server.uri().toString(), "slurm.retryBackoff", "10"));
        GetTask task = get(FixtureCache.NOBLE, "");

        transporter.get(task);

        assertArrayEquals(noble(), task.getDataBytes());
        assertTrue(server.requests().contains("GET /" + NOBLE_KEY), server.requests().toString());
    }

    private static GetTask get(SlurmCoordinate coordinate, String suffix) {
        return new GetTask(URI.create(coordinate.mavenPath() + suffix));
    }

    private Exception failure(GetTask task) {
        return assertThrows(Exception.class, () -> transporter.get(task));
    }

    @Test
    void tarballOfEveryGenerationIsServedWithItsChecksumHandedOver() throws Exception {
        for (SlurmCoordinate coordinate : List.of(FixtureCache.NOBLE, FixtureCache.JAMMY_PREVIOUS,
                FixtureCache.ROCKY9_DOCUMENTED)) {
            Path served = CacheLayout.parse(SlurmConfigurationKeys.DEFAULT_LAYOUTS).candidates(coordinate).stream()
                    .map(g -> cache.root().resolve(g.tarballKey(coordinate).orElseThrow()))
                    .filter(Files::exists).findFirst().orElseThrow();
            GetTask task = get(coordinate, "");

            transporter.get(task);

            byte[] expected = Files.readAllBytes(served);
            assertArrayEquals(expected, task.getDataBytes(), coordinate.toString());
            Map<String, String> hex = Checksums.of(expected);
            assertEquals(Map.of("SHA-1", hex.get("sha1"), "SHA-256", hex.get("sha256")), task.getChecksums());
        }
    }

    @Test
    void tarballOtherThanTheLockedBytesFailsWithTheLocksMessage() throws Exception {
        Path project = work.resolve("project-" + System.nanoTime());
        String other = "0".repeat(64);
        LockEntry locked = new LockEntry(FixtureCache.NOBLE, other, 1, cache.key().fingerprint(), Instant.now(), null);
        LockFile.empty().with(locked).write(project.resolve(LockFile.FILE_NAME));
        Map<String, Object> config = new HashMap<>(Map.of("slurm.pgp.fingerprints", cache.key().fingerprint(),
                SlurmSettings.PROJECT_DIRECTORY, project.toString()));
        transporter = transporter(config);

        Exception e = failure(get(FixtureCache.NOBLE, ""));

        assertEquals(Transporter.ERROR_OTHER, transporter.classify(e));
        assertEquals("upstream rebuilt 25.11 for noble: locked sha256 " + other + ", got "
                + Checksums.of(noble()).get("sha256") + "; run slurm:lock to accept", e.getMessage());

        SharedSession.markRelocking((key, value) -> config.put(key, "true"));
        assertThrows(LockMismatchException.class, () -> transporter(config).get(get(FixtureCache.NOBLE, "")),
                "no -D option turns the check off");
        SharedSession.markRelocking(config::put);
        GetTask relocking = get(FixtureCache.NOBLE, "");
        transporter(config).get(relocking);
        assertArrayEquals(noble(), relocking.getDataBytes(), "slurm:lock fetches the build anew, whatever the lock");
    }

    @Test
    void tarballSignedBeforeTheNewestSignatureRecordedIsRefusedAsARollbackAndRecordsNothing() throws Exception {
        Path times = session.getLocalRepository().getBasedir().toPath()
                .resolve(SignatureTimeLedger.LOCAL_REPOSITORY_FOLDER);
        Instant newer = Instant.now().plus(Duration.ofDays(1));
        String noble = FixtureCache.NOBLE.toString();
        new SignatureTimeLedger(times, false, warning -> {}).record(noble,
                new VerificationResult(noble, "AA".repeat(20), "AA".repeat(20), newer, "SHA512"));

        Exception e = failure(get(FixtureCache.NOBLE, ""));

        assertEquals(Transporter.ERROR_OTHER, transporter.classify(e));
        assertTrue(e.getMessage().contains("before the newest signature already accepted for it (" + newer),
                e.getMessage());
        assertEquals(newer + "\n", Files.readString(times.resolve(FixtureCache.NOBLE.toString().replace(':', '_')
                + ".time")));
    }

    @Test
    void tarballStreamsIntoTheWaitingInstallsPipeWhichEndsOnlyOnceVerified() throws Exception {
        TarballPipe pipe = new TarballPipe(FixtureCache.NOBLE.toString());
        SlurmSession.shared(session).offerPipe(FixtureCache.NOBLE, pipe);
        GetTask task = get(FixtureCache.NOBLE, "");

        transporter.get(task);

        assertTrue(pipe.completed());
        assertArrayEquals(noble(), pipe.input().readAllBytes(), "the pipe got the bytes Maven got");
        assertArrayEquals(noble(), task.getDataBytes());
        assertTrue(SlurmSession.shared(session).takePipe(FixtureCache.NOBLE).isEmpty(), "one download feeds it");
    }

    @Test
    void refusedTarballFailsTheWaitingInstallsPipe() throws Exception {
        TarballPipe pipe = new TarballPipe(RESOLUTE_TAMPERED.toString());
        SlurmSession.shared(session).offerPipe(RESOLUTE_TAMPERED, pipe);

        failure(get(RESOLUTE_TAMPERED, ""));

        assertFalse(pipe.completed());
        IOException e = assertThrows(IOException.class, () -> pipe.input().readAllBytes());
        assertTrue(e.getMessage().contains("do not match its signature"), e.getMessage());
    }

    @Test
    void generationsAreProbedInOrderThenTheLastOneThatAnsweredFirst() throws Exception {
        transporter.peek(new PeekTask(URI.create(FixtureCache.JAMMY_PREVIOUS.mavenPath())));
        String current = CacheLayout.CURRENT.tarballKey(FixtureCache.JAMMY_PREVIOUS).orElseThrow();
        String previous = CacheLayout.PREVIOUS.tarballKey(FixtureCache.JAMMY_PREVIOUS).orElseThrow();
        assertEquals(List.of("GET /" + current + ".asc", "HEAD /" + current, "GET /" + previous + ".asc"),
                server.requests());

        server.clearRequests();
        SlurmCoordinate other = SlurmCoordinate.of("24.11", "rockylinux9");
        assertThrows(Exception.class, () -> transporter.peek(new PeekTask(URI.create(other.mavenPath()))));
        assertTrue(server.requests().get(0).startsWith(
                "GET /" + CacheLayout.PREVIOUS.tarballKey(other).orElseThrow()), server.requests().toString());
    }

    @Test
    void missingBuildIsNotFoundNamingTheUrlsTried() {
        Exception e = failure(get(SlurmCoordinate.of("26.05", "noble"), ""));

        assertEquals(Transporter.ERROR_NOT_FOUND, transporter.classify(e));
        assertTrue(e.getMessage().contains("noble/26.05/amd64/slurm-26.05-noble-amd64-software.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("Series: 23.11, 24.11, 25.11"), e.getMessage());
    }

    @Test
    void refusedSignatureIsAFailureThatIsNotNotFound() {
        Exception tampered = failure(get(RESOLUTE_TAMPERED, ""));
        assertEquals(Transporter.ERROR_OTHER, transporter.classify(tampered));
        assertTrue(tampered.getMessage().contains("do not match its signature"), tampered.getMessage());

        Exception unsigned = failure(get(ROCKY8_UNSIGNED, ""));
        assertEquals(Transporter.ERROR_OTHER, transporter.classify(unsigned));
        assertTrue(unsigned.getMessage().contains("it has no PGP signature"), unsigned.getMessage());
    }

    @Test
    void signatureByAKeyThatIsNotPinnedIsRefused() throws Exception {
        transporter = transporter(Map.of("slurm.pgp.fingerprints", "FDEA90667641505264EFD114DFB92630BCA5AB71"));

        Exception e = failure(get(FixtureCache.NOBLE, ""));

        assertEquals(Transporter.ERROR_OTHER, transporter.classify(e));
        assertTrue(e.getMessage().startsWith("Refusing " + FixtureCache.NOBLE + ": it is signed by key "
                + cache.key().fingerprint()), e.getMessage());
    }

    @Test
    void signatureAndSynthesizedFilesCarryTheirChecksums() throws Exception {
        GetTask asc = get(FixtureCache.NOBLE, ".asc");
        transporter.get(asc);
        byte[] expected = Files.readAllBytes(FixtureCache.signaturePath(
                cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)));
        assertArrayEquals(expected, asc.getDataBytes());
        assertEquals(Checksums.of(expected).get("sha1"), asc.getChecksums().get("SHA-1"));

        GetTask metadata = new GetTask(URI.create("ai/vantage/slurm/maven-metadata.xml"));
        transporter.get(metadata);
        assertTrue(metadata.getDataString().contains("<release>25.11</release>"), metadata.getDataString());
        assertEquals(Checksums.of(metadata.getDataBytes()).get("sha512"), metadata.getChecksums().get("SHA-512"));
    }

    @Test
    void checksumFilesAndUnsignedSignaturesAreNotFound() {
        Exception sha1 = failure(get(FixtureCache.NOBLE, ".sha1"));
        assertEquals(Transporter.ERROR_NOT_FOUND, transporter.classify(sha1));

        Exception asc = assertThrows(Exception.class,
                () -> transporter.peek(new PeekTask(URI.create(ROCKY8_UNSIGNED.mavenPath() + ".asc"))));
        assertEquals(Transporter.ERROR_NOT_FOUND, transporter.classify(asc));
    }

    /** Maven's request for the noble tarball at exact version {@code release}, plus {@code suffix}. */
    private static String exact(String release, String suffix) {
        return "ai/vantage/slurm/" + release + "/slurm-" + release + "-noble.tar.gz" + suffix;
    }

    private static final String NOBLE_SPACK_INDEX =
            "GET /" + CacheLayout.spackMirror(Toolchain.NOBLE) + "v3/manifests/index/index.manifest.json";

    @Test
    void exactReleaseIsTheSeriesBuildWhileTheSignedSpackMirrorHoldsIt() throws Exception {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).write();

        GetTask tarball = new GetTask(URI.create(exact("25.11.6", "")));
        transporter.get(tarball);
        GetTask asc = new GetTask(URI.create(exact("25.11.6", ".asc")));
        transporter.get(asc);
        transporter.peek(new PeekTask(URI.create(exact("25.11.6", ""))));

        assertArrayEquals(noble(), tarball.getDataBytes());
        assertArrayEquals(Files.readAllBytes(FixtureCache.signaturePath(
                cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT))), asc.getDataBytes());
        assertEquals(1, server.requests().stream().filter(NOBLE_SPACK_INDEX::equals).count(),
                "the mirror is read once per build: " + server.requests());
        GetTask pom = new GetTask(URI.create("ai/vantage/slurm/25.11.6/slurm-25.11.6.pom"));
        transporter.get(pom);
        assertTrue(pom.getDataString().contains("<slurm.release>25.11.6</slurm.release>"), pom.getDataString());
    }

    @Test
    void sbomByCoordinateIsTheSignedSpecsOfTheReleaseTheSameVersionServes() throws Exception {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).write();

        GetTask series = new GetTask(URI.create("ai/vantage/slurm/25.11/slurm-25.11-noble-cyclonedx.json"));
        transporter.get(series);
        GetTask exact = new GetTask(URI.create("ai/vantage/slurm/25.11.6/slurm-25.11.6-noble-cyclonedx.json"));
        transporter.get(exact);
        transporter.peek(new PeekTask(URI.create("ai/vantage/slurm/25.11/slurm-25.11-noble-cyclonedx.json")));

        assertTrue(series.getDataString().contains("\"bomFormat\" : \"CycloneDX\""), series.getDataString());
        assertTrue(series.getDataString().contains("\"version\" : \"25.11.6\""), series.getDataString());
        assertArrayEquals(series.getDataBytes(), exact.getDataBytes(), "one build, one document");
        assertEquals(Checksums.of(series.getDataBytes()).get("sha1"), series.getChecksums().get("SHA-1"));
        Exception moved = failure(new GetTask(URI.create(
                "ai/vantage/slurm/25.11.5/slurm-25.11.5-noble-cyclonedx.json")));
        assertEquals(Transporter.ERROR_OTHER, transporter.classify(moved), "as for the tarball of that version");
        Exception none = failure(new GetTask(URI.create(
                "ai/vantage/slurm/24.11/slurm-24.11-jammy-cyclonedx.json")));
        assertEquals(Transporter.ERROR_NOT_FOUND, transporter.classify(none));
        assertTrue(none.getMessage().startsWith("No signed Spack spec of ai.vantage:slurm:24.11:tar.gz:jammy"),
                none.getMessage());
    }

    @Test
    void exactReleaseUpstreamNoLongerHoldsIsRefusedWithTheReleaseItHolds() throws Exception {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-7-1", Arch.AMD64).write();

        for (String suffix : new String[] {"", ".asc"}) {
            Exception e = failure(new GetTask(URI.create(exact("25.11.6", suffix))));
            assertEquals(Transporter.ERROR_OTHER, transporter.classify(e), "Maven shows the message");
            assertEquals("25.11 for noble is now 25.11.7; pin 25.11.7 or use the series (asked for 25.11.6)",
                    e.getMessage());
        }
        assertTrue(server.requests().stream().noneMatch(r -> r.contains(NOBLE_KEY)), server.requests().toString());

        // the index says 25.11.7 (a replayed or a stale index): the bytes, Slurm 25.11.6, are not that release
        Exception replayed = failure(new GetTask(URI.create(exact("25.11.7", ""))));
        assertEquals("25.11 for noble is now 25.11.6; pin 25.11.6 or use the series (asked for 25.11.7): the signed "
                + "tarball is Slurm 25.11.6 (its module file view/assets/modules/slurm/25-11-6-1.lua says so)",
                replayed.getMessage());
    }

    @Test
    void exactReleaseTheSpackMirrorKnowsNothingOfIsServedOnlyWhenItsModuleFileShowsIt() throws Exception {
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.ARM64).write();
        Exception other = failure(new GetTask(URI.create(exact("25.11.4", ""))));
        assertEquals(Transporter.ERROR_OTHER, transporter.classify(other), "Maven shows the message");
        assertEquals("25.11 for noble is now 25.11.6; pin 25.11.6 or use the series (asked for 25.11.4): the signed "
                + "tarball is Slurm 25.11.6 (its module file view/assets/modules/slurm/25-11-6-1.lua says so)",
                other.getMessage());

        Files.delete(cache.root().resolve(NOBLE_SPACK_INDEX.substring("GET /".length())));
        transporter = transporter(Map.of("slurm.pgp.fingerprints", cache.key().fingerprint()));
        for (String release : new String[] {"25.11.999", "25.11.0"}) {
            Exception e = failure(new GetTask(URI.create(exact(release, ""))));
            assertTrue(e.getMessage().contains("(asked for " + release + "): the signed tarball is Slurm 25.11.6"),
                    e.getMessage());
        }
        GetTask six = new GetTask(URI.create(exact("25.11.6", "")));
        transporter.get(six);
        assertArrayEquals(noble(), six.getDataBytes());
    }

    @Test
    void exactReleaseIsRefusedWhenTheSpackMirrorCannotBeTrusted() throws Exception {
        FixtureSpackMirror mirror = FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm("25-11-6-1", Arch.AMD64).write();
        try (var manifests = Files.list(mirror.root().resolve("v3/manifests/spec/slurm"))) {
            Path manifest = manifests.findFirst().orElseThrow();
            Files.writeString(manifest, Files.readString(manifest).replace("contentLength", "contentLength "));
        }

        Exception e = failure(new GetTask(URI.create(exact("25.11.6", ""))));

        assertEquals(Transporter.ERROR_OTHER, transporter.classify(e));
        assertTrue(e.getMessage().startsWith("Cannot tell whether " + FixtureCache.NOBLE + " still holds Slurm 25.11.6"),
                e.getMessage());
        assertTrue(server.requests().stream().noneMatch(r -> r.contains(NOBLE_KEY)), server.requests().toString());
    }

    @Test
    void malformedExactVersionIsAnErrorNamingTheValidForms() {
        Exception e = failure(new GetTask(URI.create(exact("25.11.x", ""))));

        assertEquals(Transporter.ERROR_OTHER, transporter.classify(e));
        assertTrue(e.getMessage().contains("Malformed version '25.11.x' of ai.vantage:slurm")
                && e.getMessage().contains("exact release YY.MM.P"), e.getMessage());
    }

    @Test
    void invalidSettingIsRefusedWithItsReason() {
        Exception e = assertThrows(Exception.class, () -> transporter(Map.of("slurm.pgp.fingerprints", "ABCD")));
        assertTrue(e.getMessage().contains("Invalid setting slurm.pgp.fingerprints=ABCD"), e.getMessage());
    }

    /** A session needs a local repository only for its key cache folder. */
    private record NoLocalRepository(Path basedir) implements LocalRepositoryManager {
        @Override
        public LocalRepository getRepository() {
            return new LocalRepository(basedir.toFile());
        }

        @Override
        public String getPathForLocalArtifact(Artifact artifact) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getPathForRemoteArtifact(Artifact artifact, RemoteRepository repository, String context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getPathForLocalMetadata(Metadata metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getPathForRemoteMetadata(Metadata metadata, RemoteRepository repository, String context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LocalArtifactResult find(RepositorySystemSession session, LocalArtifactRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(RepositorySystemSession session, LocalArtifactRegistration request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LocalMetadataResult find(RepositorySystemSession session, LocalMetadataRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(RepositorySystemSession session, LocalMetadataRegistration request) {
            throw new UnsupportedOperationException();
        }
    }
}
