package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.it.nexus.NexusExtension;
import ai.vantage.maven.slurm.it.nexus.NexusServer;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fleet behind a real Nexus 3: {@code N} concurrent {@code slurm:install}-equivalent clients ({@link FleetClients})
 * read one build through a maven2 proxy whose remote is the bridge server (its runnable jar, {@code -Xmx256m}) over
 * the fixture cache. The cache sees exactly one download of the tarball, every client's bytes verify, and the
 * bridge's memory is read. Each measurement has fresh state: a new bridge process and cache folder, a new Nexus
 * repository, a cleared request log. The same clients then read the same files served statically by the JDK's HTTP
 * server, for comparison. Clients retry a {@code 503} as Maven does, and the retries are printed: Nexus answers 503 to
 * the requests past 100 that wait for the same download ({@code nexus.proxy.cooperation.threadsPerKey}).
 * <p>
 * {@code ./mvnw verify} runs the small variant (20 clients, 10 MiB, once); {@code bench/fleet.sh} sets
 * {@code fleet.clients}, {@code fleet.sizeMib} and {@code fleet.runs} and prints medians with min–max. A
 * measurement that did not do the work (a client failed, the cache saw other than one download) prints no figure
 * and fails the test.
 */
@ExtendWith(NexusExtension.class)
class FleetIT {

    private static final SlurmCoordinate BUILD = FixtureCache.NOBLE;
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** One measurement. */
    private record Measure(String path, int clients, double seconds, double mibPerSecond, int retried503,
            long upstreamGets, long bridgePeakRssKib, long bridgeHeapUsedKib) {}

    @Test
    void oneUpstreamDownloadAndEveryClientVerifies(NexusServer nexus) throws Exception {
        int[] fleets = Arrays.stream(System.getProperty("fleet.clients", "20").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        long sizeMib = Long.parseLong(System.getProperty("fleet.sizeMib", "10"));
        int runs = Integer.parseInt(System.getProperty("fleet.runs", "1"));

        Path work = Path.of(System.getProperty("it.work"), "fleet");
        SampleProject.delete(work);
        FixtureKey key = FixtureKey.generate("Fleet signer <fleet@slurm-maven-bridge.invalid>");
        FixtureCache cache = FixtureCache.create(work.resolve("cache"), key);
        Path tarball = cache.put(BUILD, CacheLayout.CURRENT, FixtureTarball.of(BUILD).padding(sizeMib << 20));
        Path keyFile = work.resolve("signer.asc");
        key.writePublicKey(keyFile);
        String tarballKey = CacheLayout.CURRENT.tarballKey(BUILD).orElseThrow();
        FleetClients clients = new FleetClients(BUILD, key.fingerprint(), keyFile);
        List<String> refused = new ArrayList<>();
        List<Measure> measures = new ArrayList<>();

        try (CacheServer upstream = CacheServer.start(cache.root())) {
            for (int fleet : fleets) {
                for (int run = 1; run <= runs; run++) {
                    String name = "fleet-" + fleet + "-" + run;
                    upstream.clearRequests();
                    Path bridgeWork = work.resolve(name);
                    try (BridgeJar bridge = BridgeJar.start(bridgeWork.resolve("bridge.log"), List.of("-Xmx256m"),
                            "--upstream", upstream.uri().toString(), "--cache-dir", bridgeWork.resolve("cache").toString(),
                            "--pgp-fingerprints", key.fingerprint(), "--pgp-keys", keyFile.toString())) {
                        nexus.createMavenProxy(name, bridge.uri());
                        FleetClients.Outcome outcome = clients.run(nexus.repositoryUri(name), fleet);
                        long gets = upstream.requests().stream().filter(("GET /" + tarballKey)::equals).count();
                        long heap = heapUsedKib(bridge);
                        nexus.deleteRepository(name);
                        String wrong = outcome.verified() != fleet
                                ? outcome.verified() + " of " + fleet + " clients verified; failures: "
                                        + outcome.failures()
                                : gets != 1 ? "the cache saw " + gets + " downloads of the tarball, not 1" : null;
                        if (wrong != null) {
                            refused.add(name + ": " + wrong);
                            System.out.println("[fleet] " + name + ": no figure (" + wrong + ")");
                            continue;
                        }
                        measures.add(measure("Nexus -> bridge -> cache", fleet, outcome, gets,
                                bridge.residentKib()[1], heap));
                    }
                    try (StaticFileServer plain = new StaticFileServer(Map.of(BUILD.mavenPath(), tarball,
                            BUILD.mavenPath() + ".asc", FixtureCache.signaturePath(tarball)), fleet)) {
                        FleetClients.Outcome outcome = clients.run(plain.uri(), fleet);
                        if (outcome.verified() != fleet) {
                            refused.add(name + " (static): " + outcome.failures());
                            continue;
                        }
                        measures.add(measure("JDK HttpServer, static", fleet, outcome, 0, 0, 0));
                    }
                }
            }
        }
        System.out.println(table(measures, sizeMib, runs));
        assertEquals(List.of(), refused, "every measurement did the work");
        assertTrue(measures.stream().anyMatch(m -> m.upstreamGets() == 1), "at least one measurement through Nexus");
    }

    private static Measure measure(String path, int clients, FleetClients.Outcome outcome, long gets, long peakKib,
            long heapKib) {
        return new Measure(path, clients, outcome.seconds(), outcome.bytes() / 1048576.0 / outcome.seconds(),
                outcome.retried503(), gets, peakKib, heapKib);
    }

    /** The bridge's used heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), 0 if unknown. */
    private static long heapUsedKib(BridgeJar bridge) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return 0;
        }
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(bridge.pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().transferTo(OutputStream.nullOutputStream());
        gc.waitFor();
        Process info = new ProcessBuilder(jcmd.toString(), Long.toString(bridge.pid()), "GC.heap_info")
                .redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        Matcher used = HEAP_USED.matcher(out);
        return used.find() ? Long.parseLong(used.group(2)) : 0;
    }

    /** Medians with min–max per path and fleet size. */
    private static String table(List<Measure> measures, long sizeMib, int runs) {
        StringBuilder out = new StringBuilder(String.format("%n[fleet] %d MiB tarball + .asc per client, %d run(s) "
                + "each, median (min-max)%n[fleet] %-26s %7s %26s %24s %12s %8s %18s %16s%n", sizeMib, runs, "path",
                "clients", "MiB/s", "wall s", "503 retried", "cache", "bridge peak RSS", "bridge heap"));
        measures.stream().map(m -> m.path() + "|" + m.clients()).distinct().forEach(group -> {
            List<Measure> of = measures.stream().filter(m -> (m.path() + "|" + m.clients()).equals(group)).toList();
            boolean bridge = of.get(0).upstreamGets() > 0;
            out.append(String.format("[fleet] %-26s %7d %26s %24s %12s %8s %18s %16s%n", of.get(0).path(),
                    of.get(0).clients(), stat(of, Measure::mibPerSecond, "%.1f"), stat(of, Measure::seconds, "%.2f"),
                    stat(of, Measure::retried503, "%.0f"),
                    bridge ? of.stream().mapToLong(Measure::upstreamGets).max().orElse(0) + " GET" : "-",
                    bridge ? stat(of, m -> m.bridgePeakRssKib() / 1024.0, "%.0f") + " MiB" : "-",
                    bridge ? stat(of, m -> m.bridgeHeapUsedKib() / 1024.0, "%.0f") + " MiB" : "-"));
        });
        return out.toString();
    }

    private static String stat(List<Measure> of, ToDoubleFunction<Measure> value, String format) {
        double[] sorted = of.stream().mapToDouble(value).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(format + " (" + format + "-" + format + ")", median, sorted[0], sorted[sorted.length - 1]);
    }
}
