package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureSpackMirror;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.metadata.PomSynthesizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the scenarios: one signed fixture cache (the default set of {@link FixtureCache}) served on loopback for
 * the whole class, and sample-project runs pinned to its key.
 */
abstract class FixtureCacheIT {

    static FixtureKey key;
    static FixtureCache cache;

    /** Upstream's series key for noble amd64 holds 25.11.{@code patch}, and its signed Spack mirror says so. */
    static void upstreamHolds(String patch) throws IOException {
        FixtureTarball tarball = FixtureTarball.of(FixtureCache.NOBLE).patch(patch);
        cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT, tarball);
        FixtureSpackMirror.of(cache, Toolchain.NOBLE).slurm(tarball.spackVersion(), Arch.AMD64).write();
    }
    static CacheServer server;
    /** The fixture key's public key file. */
    static Path signer;

    @BeforeAll
    static void startCache() throws IOException {
        Path root = Path.of(System.getProperty("it.work"), "caches", String.valueOf(System.nanoTime()));
        key = FixtureKey.generate("IT signer <it@slurm-maven-bridge.invalid>");
        cache = FixtureCache.create(root.resolve("cache"), key).populateDefault();
        signer = root.resolve("signer.asc");
        key.writePublicKey(signer);
        server = CacheServer.start(cache.root());
    }

    @AfterAll
    static void stopCache() {
        if (server != null) {
            server.close();
        }
    }

    /** The slurm+http URL of the fixture server. */
    static String repositoryUrl() {
        return "slurm+" + server.uri();
    }

    /** A run of {@code project} (a copy of its own for this test and Maven) against the fixture cache. */
    static MavenRun maven(MavenVersion maven, String project, String test) throws IOException {
        Path copy = SampleProject.copy(project, test + "/" + maven.name().toLowerCase(), Map.of());
        return MavenRun.of(maven, copy)
                .property("slurm.repository.url", repositoryUrl())
                .property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.retryBackoff", "50");
    }

    /**
     * The fixture key pinned and supplied as a file (for runs without the extension, whose own check has no cache
     * to fetch the key from).
     */
    static MavenRun trusting(MavenRun run) {
        return run.property("slurm.pgp.fingerprints", key.fingerprint())
                .property("slurm.pgp.keys", signer.toString())
                .property("slurm.retryBackoff", "50");
    }

    /**
     * A run of {@code bridge-without-extension} (no extension: {@code ai.vantage:slurm} of {@code classifier} from
     * the plain repository {@code repositoryUrl}), trusting the fixture key.
     */
    static MavenRun plain(MavenVersion maven, String test, String repositoryUrl, String classifier)
            throws IOException {
        Path copy = SampleProject.copy("bridge-without-extension", test + "/" + maven.name().toLowerCase(), Map.of());
        assertFalse(Files.exists(copy.resolve(".mvn/extensions.xml")), "no extension");
        return trusting(MavenRun.of(maven, copy))
                .property("slurm.repository.url", repositoryUrl)
                .property("slurm.classifier", classifier);
    }

    /** Runs {@code executable} (e.g. an installed {@code sinfo}), asserts it exits 0, and returns its output. */
    static String run(Path executable, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    /** A run of {@code resolve-from-cache} resolving {@code coordinate}, as test {@code test}. */
    static MavenRun resolving(MavenVersion maven, String test, SlurmCoordinate coordinate) throws IOException {
        return maven(maven, "resolve-from-cache", test)
                .property("slurm.series", coordinate.series())
                .property("slurm.classifier", coordinate.classifier());
    }

    /** A plain Maven 2 repository holding 25.11:noble and its .asc, as a repository manager would. */
    static Path plainRepository(String name, boolean tamper) throws IOException {
        Path root = cache.root().resolveSibling(name);
        Path tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        Path target = root.resolve(FixtureCache.NOBLE.mavenPath());
        Files.createDirectories(target.getParent());
        Files.copy(tarball, target, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(FixtureCache.signaturePath(tarball), FixtureCache.signaturePath(target),
                StandardCopyOption.REPLACE_EXISTING);
        Files.write(target.resolveSibling("slurm-25.11.pom"), PomSynthesizer.pom("25.11", "http://example.invalid/"));
        if (tamper) {
            flipByte(target);
        }
        writeSha1(List.of(target, FixtureCache.signaturePath(target), target.resolveSibling("slurm-25.11.pom")));
        return root;
    }

    /** Writes the {@code .sha1} of each file beside it, as a Maven repository holds them. */
    static void writeSha1(List<Path> files) throws IOException {
        for (Path file : files) {
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"),
                    Checksums.of(Files.readAllBytes(file)).get("sha1"));
        }
    }

    static void flipByte(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x01);
        }
    }

    static String sha256(Path file) throws IOException {
        return Checksums.sha256(file);
    }
}
