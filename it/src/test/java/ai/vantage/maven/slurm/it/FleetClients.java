package ai.vantage.maven.slurm.it;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.SignatureCheck;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.TrustedKeys;
import ai.vantage.maven.slurm.pgp.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code N} concurrent {@code slurm:install}-equivalent downloads of one build from a Maven 2 repository on loopback:
 * each client fetches the {@code .asc}, then streams the tarball through the project's {@link SignatureVerifier}
 * (nothing is kept in memory or on disk), all starting at once, at most {@code N} at a time.
 */
final class FleetClients {

    private static final int BUFFER = 64 * 1024;

    private final SlurmCoordinate build;
    private final String fingerprint;
    private final Path keyFile;

    FleetClients(SlurmCoordinate build, String fingerprint, Path keyFile) {
        this.build = build;
        this.fingerprint = fingerprint;
        this.keyFile = keyFile;
    }

    /**
     * What the clients did.
     *
     * @param verified clients whose bytes verified against the signature
     * @param bytes tarball bytes received by the clients that verified
     * @param seconds from the common start to the last client's end
     * @param failures why the other clients failed, by reason, with how many
     */
    record Outcome(int verified, long bytes, double seconds, Map<String, Integer> failures) {}

    /** Runs {@code clients} clients against the repository at {@code base} and waits for all of them. */
    Outcome run(URI base, int clients) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> downloads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Long> client = () -> {
                    start.await();
                    return download(http, base);
                };
                downloads.add(pool.submit(client));
            }
            long started = System.nanoTime();
            start.countDown();
            int verified = 0;
            long bytes = 0;
            Map<String, Integer> failures = new TreeMap<>();
            for (Future<Long> download : downloads) {
                try {
                    bytes += download.get();
                    verified++;
                } catch (ExecutionException e) {
                    failures.merge(String.valueOf(e.getCause()), 1, Integer::sum);
                }
            }
            return new Outcome(verified, bytes, (System.nanoTime() - started) / 1e9, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: the signature, then the tarball streamed through it; returns the tarball's size. */
    private long download(HttpClient http, URI base) throws IOException, InterruptedException, VerificationException {
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.parse(fingerprint))
                .keyFiles(List.of(keyFile)).build();
        String path = build.mavenPath();
        HttpResponse<InputStream> asc = get(http, base.resolve(path + ".asc"));
        SignatureCheck check;
        try (InputStream in = asc.body()) {
            check = verifier.begin(build.toString(), in);
        }
        HttpResponse<InputStream> tarball = get(http, base.resolve(path));
        long size = 0;
        try (InputStream in = tarball.body()) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                check.update(buffer, 0, n);
                size += n;
            }
        }
        check.finish();
        return size;
    }

    private static HttpResponse<InputStream> get(HttpClient http, URI url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " for " + url);
        }
        return response;
    }
}
