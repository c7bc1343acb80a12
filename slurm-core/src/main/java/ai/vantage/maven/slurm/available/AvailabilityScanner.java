package ai.vantage.maven.slurm.available;

import ai.vantage.maven.slurm.available.AvailableBuild.Source;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.LayoutGeneration;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.SignatureVerifier;
import ai.vantage.maven.slurm.pgp.VerificationException;
import ai.vantage.maven.slurm.release.ExactRelease;
import ai.vantage.maven.slurm.spack.SlurmSpackRelease;
import ai.vantage.maven.slurm.spack.SpackMirrorReader;
import ai.vantage.maven.slurm.upstream.SeriesCatalog;
import ai.vantage.maven.slurm.upstream.UpstreamClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds what the cache publishes, best source first: the S3 listing names the series (else the built-in table
 * {@link SlurmSeries#KNOWN}), HEAD probes of the layout generations find each series × toolchain × architecture with
 * its size and {@code Last-Modified} (and the time its {@code .asc} claims), and each toolchain's signed Spack mirror
 * gives the exact releases. Probes run concurrently, at most {@code concurrency} at a time. When the cache cannot be
 * reached at all, the rows are the built-in table's, marked so, with a note saying why.
 */
public final class AvailabilityScanner {


    private final UpstreamClient client;
    private final CacheLayout layout;
    private final SpackMirrorReader releases;
    private final int concurrency;

    /**
     * @param releases the reader of the toolchains' Spack mirrors for exact releases, or null to skip them
     * @param concurrency the most requests in flight at once, at least 1
     */
    public AvailabilityScanner(UpstreamClient client, CacheLayout layout, SpackMirrorReader releases, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("The number of concurrent probes must be at least 1, is " + concurrency);
        }
        this.client = client;
        this.layout = layout;
        this.releases = releases;
        this.concurrency = concurrency;
    }

    /** What the cache publishes for {@code toolchains}. */
    public Availability scan(List<Toolchain> toolchains) throws InterruptedIOException {
        List<String> notes = new ArrayList<>();
        List<String> series;
        Source source;
        try {
            series = new SeriesCatalog(client).series();
            source = Source.LISTING;
        } catch (IOException e) {
            series = SlurmSeries.KNOWN;
            source = Source.PROBE;
            notes.add("The cache's listing did not answer (" + e.getMessage() + "): probed the built-in series "
                    + String.join(", ", series));
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "slurm-available");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<SlurmCoordinate, Future<Optional<AvailableBuild>>> probes = new LinkedHashMap<>();
            for (Toolchain toolchain : toolchains) {
                for (String s : series) {
                    for (Arch arch : Arch.values()) {
                        SlurmCoordinate coordinate = new SlurmCoordinate(s, toolchain, arch);
                        Source found = source;
                        probes.put(coordinate, pool.submit(() -> probe(coordinate, found)));
                    }
                }
            }
            Map<Toolchain, Future<List<SlurmSpackRelease>>> spack = new LinkedHashMap<>();
            if (releases != null) {
                for (Toolchain toolchain : toolchains) {
                    spack.put(toolchain, pool.submit(spackReleases(toolchain)));
                }
            }
            List<AvailableBuild> builds = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<SlurmCoordinate, Future<Optional<AvailableBuild>>> probe : probes.entrySet()) {
                try {
                    await(probe.getValue()).ifPresent(builds::add);
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    failures.add(probe.getKey().shortForm() + ": " + e.getMessage());
                }
            }
            if (!failures.isEmpty() && builds.isEmpty()) {
                notes.add("The cache cannot be reached (" + failures.get(0) + "): showing the built-in table, "
                        + "nothing was probed");
                spack.values().forEach(f -> f.cancel(true));
                return new Availability(builtIn(toolchains), notes);
            }
            if (!failures.isEmpty()) {
                notes.add(failures.size() + " probe(s) failed, their rows are missing: " + String.join("; ", failures));
            }
            return new Availability(withReleases(builds, spack, notes), notes);
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<AvailableBuild> probe(SlurmCoordinate coordinate, Source source) throws IOException {
        for (LayoutGeneration generation : layout.candidates(coordinate)) {
            String key = generation.tarballKey(coordinate).orElseThrow();
            Optional<UpstreamClient.Head> head = client.head(key);
            if (head.isPresent()) {
                Optional<byte[]> asc = client.fetch(key + CacheLayout.SIGNATURE_SUFFIX, SignatureVerifier.MAX_SIGNATURE_BYTES);
                return Optional.of(new AvailableBuild(coordinate, source, generation.name(), head.get().length(),
                        head.get().lastModified(), asc.flatMap(ClaimedSignatureTime::of).orElse(null), null));
            }
        }
        return Optional.empty();
    }

    private Callable<List<SlurmSpackRelease>> spackReleases(Toolchain toolchain) {
        return () -> {
            try {
                return releases.slurmReleases(toolchain);
            } catch (VerificationException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    private static List<AvailableBuild> withReleases(List<AvailableBuild> builds,
            Map<Toolchain, Future<List<SlurmSpackRelease>>> spack, List<String> notes) throws InterruptedIOException {
        Map<String, ExactRelease> newest = new HashMap<>();
        for (Map.Entry<Toolchain, Future<List<SlurmSpackRelease>>> mirror : spack.entrySet()) {
            try {
                for (SlurmSpackRelease release : await(mirror.getValue())) {
                    newest.merge(new SlurmCoordinate(release.series(), release.toolchain(), release.arch()).shortForm(),
                            release.release(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                notes.add("No exact releases for " + mirror.getKey() + ": " + e.getMessage());
            }
        }
        return builds.stream()
                .map(b -> b.withRelease(newest.get(b.coordinate().shortForm())))
                .toList();
    }

    private static List<AvailableBuild> builtIn(List<Toolchain> toolchains) {
        List<AvailableBuild> rows = new ArrayList<>();
        for (Toolchain toolchain : toolchains) {
            for (String series : SlurmSeries.KNOWN) {
                for (Arch arch : Arch.values()) {
                    rows.add(AvailableBuild.builtIn(new SlurmCoordinate(series, toolchain, arch)));
                }
            }
        }
        return rows;
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while probing the cache");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("A probe of the cache failed", e.getCause());
        }
    }
}
