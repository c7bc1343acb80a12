package ai.vantage.maven.slurm.bench;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.io.BackgroundObserver;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import ai.vantage.maven.slurm.upstream.UpstreamSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints how long the transport's download path takes for a large tarball from a loopback server, with and without
 * the streaming signature check, and the ratio. Usage: {@code VerifyOverheadBenchmark <work dir> [size MiB] [runs]}
 * (run by {@code bench/verify-overhead.sh}).
 */
public final class VerifyOverheadBenchmark {

    private VerifyOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        FixtureKey key = FixtureKey.generate("Benchmark <bench@example.invalid>");
        FixtureCache cache = FixtureCache.create(work.resolve("cache"), key);
        System.out.printf("Writing a %d MiB tarball and its signature...%n", mib);
        Path tarball = cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).padding(mib << 20));
        byte[] asc = Files.readAllBytes(FixtureCache.signaturePath(tarball));
        String cacheKey = cache.root().relativize(tarball).toString();
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.parse(key.fingerprint()))
                .keyFiles(List.of(Files.write(work.resolve("key.asc"), key.armoredPublicKey()))).build();
        try (CacheServer server = CacheServer.start(cache.root())) {
            UpstreamClient client = new UpstreamClient(UpstreamSettings.of(List.of(server.uri().toString()),
                    Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofMillis(100)),
                    ai.vantage.maven.slurm.upstream.UpstreamListener.NONE);
            Path out = work.resolve("downloaded.tar.gz");
            List<Long> plain = new ArrayList<>();
            List<Long> verified = new ArrayList<>();
            fetch(client, cacheKey, out, null, null);
            for (int i = 0; i < runs; i++) {
                plain.add(fetch(client, cacheKey, out, null, null));
                verified.add(fetch(client, cacheKey, out, verifier, asc));
            }
            System.out.println("runs without: " + plain + " ms; with: " + verified + " ms");
            long p = median(plain);
            long v = median(verified);
            double size = Files.size(tarball) / 1048576.0;
            System.out.printf("tarball: %.0f MiB, %d runs each, median wall time (download, Maven's SHA-1 and MD5, write; the"
                    + " transport's SHA-1 and the signature hash on a second thread, as in the transport)%n", size, runs);
            System.out.printf("without verification: %6d ms  (%.0f MiB/s)%n", p, size * 1000 / p);
            System.out.printf("with verification:    %6d ms  (%.0f MiB/s)%n", v, size * 1000 / v);
            System.out.printf("ratio verified/plain: %.3f  (target <= 1.05)%n", (double) v / p);
        }
    }

    /**
     * One download as {@code SlurmTransporter} and Maven's connector do it: resolver's {@code utilGet} copy in 32 KiB
     * reads, each handed to the connector's checksum calculator (SHA-1 and MD5, Maven's default
     * {@code aether.checksums.algorithms}) and written to the file; on a second thread, the transport's SHA-1 (for
     * the {@code .sha1} it answers) and, with a verifier, the signature's hash.
     */
    private static long fetch(UpstreamClient client, String key, Path out, SignatureVerifier verifier, byte[] asc)
            throws Exception {
        // Freeing the previous run's blocks (a discard on this kind of disk) is no part of a download.
        Files.deleteIfExists(out);
        long start = System.nanoTime();
        SignatureCheck check = verifier == null ? null : verifier.begin("benchmark", new ByteArrayInputStream(asc));
        Checksums served = new Checksums(List.of("sha1"));
        Checksums connector = new Checksums(List.of("sha1", "md5"));
        ObservedInputStream.Observer hashes = served::update;
        if (check != null) {
            hashes = hashes.andThen(check::update);
        }
        try (BackgroundObserver background = new BackgroundObserver(hashes, "benchmark-hash");
                UpstreamClient.Download download = client.open(key);
                InputStream in = new ObservedInputStream(download.stream(), background);
                OutputStream file = Files.newOutputStream(out)) {
            byte[] buffer = new byte[32 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                connector.update(buffer, 0, n);
                file.write(buffer, 0, n);
            }
            background.finish();
        }
        served.hex();
        connector.hex();
        if (check != null) {
            check.finish();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
