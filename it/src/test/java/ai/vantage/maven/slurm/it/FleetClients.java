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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code N} concurrent {@code slurm:install}-equivalent downloads of one build from a Maven 2 repository on loopback:
 * each client fetches the {@code .asc}, then streams the tarball through the project's {@link SignatureVerifier}
 * (nothing is kept in memory or on disk), all starting at once, at most {@code N} at a time. A {@code 503} is
 * retried as Maven's resolver does by default (3 times, 5 s apart: {@code aether.transport.http.retryHandler.*}), and
 * counted: Nexus answers it to the requests past 100 that wait for one download
 * ({@code nexus.proxy.cooperation.threadsPerKey}).
 */
final class FleetClients {

    private static final int BUFFER = 64 * 1024;
    private static final int RETRIES = 3;
    private static final long RETRY_INTERVAL_MS = 5000;

    private final SlurmCoordinate build;
    private final String fingerprint;
    private final Path keyFile;
    private final AtomicInteger retried503 = new AtomicInteger();

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
     * @param retried503 requests answered 503 and retried
     * @param failures why the other clients failed, by reason, with how many
     */
    record Outcome(int verified, long bytes, double seconds, int retried503, Map<String, Integer> failures) {}

    /** Runs {@code clients} clients against the repository at {@code base} and waits for all of them. */
    Outcome run(URI base, int clients) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        retried503.set(0);
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
            return new Outcome(verified, bytes, (System.nanoTime() - started) / 1e9, retried503.get(), failures);
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

    private HttpResponse<InputStream> get(HttpClient http, URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        for (int retry = 0; retry < RETRIES && response.statusCode() == 503; retry++) {
            response.body().close();
            retried503.incrementAndGet();
            Thread.sleep(RETRY_INTERVAL_MS);
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " for " + url);
        }
        return response;
    }
}
