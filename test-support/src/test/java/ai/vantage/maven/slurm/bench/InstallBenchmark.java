package ai.vantage.maven.slurm.bench;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints, side by side, for a {@link RealisticTarball} of each shape ({@code -Dshapes=small,large}, both by default)
 * and size served on loopback by the {@link CacheServer}: the manual path ({@code curl}, {@code gpg --verify},
 * {@code tar -xzf}), a cold {@code mvn install} of the example deployment repository, a warm no-op run of it, and a
 * bare {@code mvn validate}: the median, min and max wall time, peak memory and CPU time (GNU time) of {@code -Druns=N}
 * runs (at least 5), the cold run's timeline from the plugin's log, and the ratios of the medians. One more cold run,
 * not timed, runs under Java Flight Recorder: its CPU per thread role (download, hash, inflate, write) with when each
 * was busy, and its hottest frames; the recording stays in {@code target/bench-profiles/}.
 *
 * <p>Nothing is shared between runs but the tarball, the server and the staged bridge: every manual, cold and validate
 * run starts from a folder, prefix and local repository of its own, and every manual and cold run after the kernel's
 * caches were dropped (as root; only the served tarball is read back in); warm run <i>i</i> starts from what cold run
 * <i>i</i> left. Warm run <i>i</i> and validate run <i>i</i> follow cold run <i>i</i> back to back, in turns first, so
 * neither alone pays for starting the first JVM after the cold run's writes. A cold run that fetched no tarball
 * upstream, a warm run that made any upstream request, or a failed run stops the benchmark with an error instead of a
 * figure. Maven runs with a 256 MiB heap, less than the tarball.
 *
 * <p>Usage: {@code InstallBenchmark <repo root> <staged bridge repository> <outer local repository> <work dir>
 * <size MiB>...} (run by {@code bench/install.sh}).
 */
public final class InstallBenchmark {

    private static final int MIN_RUNS = 5;
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final Pattern ELAPSED = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):([\\d.]+)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern CPU = Pattern.compile("(?:User|System) time \\(seconds\\): ([0-9.]+)");

    private final Path repo;
    private final Path stagedRepo;
    private final Path outerRepo;
    private final int runs;

    private InstallBenchmark(Path repo, Path stagedRepo, Path outerRepo, int runs) {
        this.repo = repo;
        this.stagedRepo = stagedRepo;
        this.outerRepo = outerRepo;
        this.runs = runs;
    }

    /** Wall time, peak RSS and CPU time (user + system) of one process. */
    private record Measure(double seconds, long peakKb, double cpuSeconds) {}

    /** The figures of one size. */
    private record Result(RealisticTarball.Shape shape, long mib, List<Double> coldPeakMib) {}

    /** Seconds between two {@code jdk.ThreadCPULoad} events of the profiled run. */
    private static final double PROFILE_PERIOD = 0.1;

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", MIN_RUNS);
        if (runs < MIN_RUNS || args.length < 5) {
            System.err.println("Usage: -Druns=N (N >= " + MIN_RUNS + ", default " + MIN_RUNS + ") InstallBenchmark"
                    + " <repo root> <staged bridge repository> <outer local repository> <work dir> <size MiB>...;"
                    + " got runs=" + runs + " and " + args.length + " arguments");
            System.exit(2);
        }
        List<RealisticTarball.Shape> shapes = new ArrayList<>();
        for (String label : System.getProperty("shapes", "small,large").split(",")) {
            shapes.add(RealisticTarball.Shape.of(label.trim()));
        }
        InstallBenchmark bench = new InstallBenchmark(Path.of(args[0]).toAbsolutePath(),
                Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath(), runs);
        Path work = Path.of(args[3]).toAbsolutePath();
        if (!Files.isWritable(DROP_CACHES)) {
            System.out.println("The kernel's caches are not dropped between runs (needs root): figures after deleted"
                    + " trees of many files can include the file system's work on them.");
        }
        List<Result> results = new ArrayList<>();
        try {
            for (RealisticTarball.Shape shape : shapes) {
                for (int i = 4; i < args.length; i++) {
                    results.add(bench.size(work.resolve(shape.label() + "-" + args[i] + "MiB"), shape,
                            Long.parseLong(args[i])));
                }
            }
        } catch (BenchmarkError e) {
            System.err.println("BENCHMARK ERROR: " + e.getMessage());
            System.exit(1);
        }
        for (RealisticTarball.Shape shape : shapes) {
            List<Result> ofShape = results.stream().filter(r -> r.shape == shape).toList();
            if (ofShape.size() < 2) {
                continue;
            }
            System.out.println();
            System.out.println("Peak RSS of the cold install across sizes, " + shape.label()
                    + " files (medians; target: within 10%):");
            double low = Double.MAX_VALUE;
            double high = 0;
            for (Result result : ofShape) {
                double median = median(result.coldPeakMib);
                low = Math.min(low, median);
                high = Math.max(high, median);
                System.out.printf("  %5d MiB tarball: %s%n", result.mib, range(result.coldPeakMib, "MiB"));
            }
            System.out.printf("  largest / smallest median = %.2f%n", high / low);
        }
    }

    private Result size(Path work, RealisticTarball.Shape shape, long mib) throws Exception {
        Files.createDirectories(work);
        FixtureKey key = FixtureKey.generate("Benchmark <bench@example.invalid>");
        FixtureCache cache = FixtureCache.create(work.resolve("cache"), key);
        Path tarball = cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT);
        long start = System.nanoTime();
        RealisticTarball.Summary tree = RealisticTarball.write(FixtureCache.NOBLE, shape, mib << 20, tarball);
        cache.sign(tarball);
        cache.putKeyManifest(Toolchain.NOBLE);
        System.out.printf("%n== %d MiB tarball, %s files: %.0f MiB on the wire, %.0f MiB tree (%.2f:1), %d files,"
                + " %d hard links, %d symlinks; generated and signed in %.0f s; %d runs of each ==%n", mib,
                shape.label(),
                tree.compressedBytes() / 1048576.0, tree.treeBytes() / 1048576.0,
                (double) tree.treeBytes() / tree.compressedBytes(), tree.files(), tree.hardLinks(), tree.symlinks(),
                (System.nanoTime() - start) / 1e9, runs);
        System.out.println("  load average before the runs: " + loadAverage());
        Path keyFile = Files.write(work.resolve("key.asc"), key.armoredPublicKey());
        String cacheKey = cache.root().relativize(tarball).toString();
        String tarballGet = "GET /" + cacheKey;
        Path gnupg = Files.createDirectories(work.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        exec(work, "gpg", "--homedir", gnupg.toString(), "--batch", "--import", keyFile.toString());

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        ThreadProfile profile;
        Measure profiled;
        Map<String, List<Double>> peaks = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        List<Timeline> timelines = new ArrayList<>();
        try (CacheServer server = CacheServer.start(cache.root())) {
            String url = server.uri() + cacheKey;
            // One untimed download first, so no run pays for the server's JIT warm-up.
            exec(work, "curl", "-sf", "-o", "/dev/null", url);
            settle(work, tarball);
            for (int run = 1; run <= runs; run++) {
                Path manualDir = Files.createDirectories(work.resolve("manual-" + run));
                String cd = "set -e; cd '" + manualDir + "'; ";
                server.clearRequests();
                Measure curl = timed(work, "manual-curl-" + run, "sh", "-c", cd + "curl -sf -o slurm.tar.gz '" + url
                        + "'; curl -sf -o slurm.tar.gz.asc '" + url + ".asc'");
                requireRequest(server, tarballGet, "manual run " + run + " (curl)", work.resolve("manual-curl-" + run + ".log"));
                Measure gpg = timed(work, "manual-gpg-" + run, "sh", "-c", cd + "gpg --homedir '" + gnupg
                        + "' --batch --verify slurm.tar.gz.asc slurm.tar.gz");
                Measure tar = timed(work, "manual-tar-" + run, "sh", "-c", cd + "mkdir opt; tar -xzf slurm.tar.gz -C opt");
                add(seconds, peaks, cpu, "curl", curl);
                add(seconds, peaks, cpu, "gpg", gpg);
                add(seconds, peaks, cpu, "tar", tar);
                add(seconds, peaks, cpu, "manual", new Measure(curl.seconds + gpg.seconds + tar.seconds,
                        Math.max(curl.peakKb, Math.max(gpg.peakKb, tar.peakKb)),
                        curl.cpuSeconds + gpg.cpuSeconds + tar.cpuSeconds));
                settle(work, tarball, manualDir);

                Path coldDir = Files.createDirectories(work.resolve("cold-" + run));
                List<String> install = maven(server, key, coldDir, "install");
                long launched = System.currentTimeMillis();
                Measure cold = cold(server, tarballGet, coldDir, "cold run " + run, install, "");
                long exited = System.currentTimeMillis();
                int coldRequests = server.requests().size();
                add(seconds, peaks, cpu, "cold", cold);
                List<String> coldLog = Files.readAllLines(coldDir.resolve("cold.log"));
                boolean streamed = coldLog.stream().anyMatch(l -> l.endsWith(" as it downloaded"));
                timelines.add(Timeline.parse(coldLog, launched, exited));

                // The cold run's gigabytes are written back first: that is the cold run's cost, not the warm one's.
                exec(work, "sync");
                // The warm no-op and `mvn validate` run back to back in the same state, in turns first: the first JVM
                // to start after a cold install of thousands of files can pay for it, whichever it is.
                Path validateDir = Files.createDirectories(work.resolve("validate-" + run));
                if (run % 2 == 0) {
                    add(seconds, peaks, cpu, "validate", validate(server, key, validateDir));
                }
                server.clearRequests();
                Measure warm = timed(coldDir, "warm", install);
                if (!server.requests().isEmpty()) {
                    throw new BenchmarkError("warm run " + run + " made " + server.requests().size()
                            + " upstream requests, a no-op makes none: " + server.requests()
                            + tail(coldDir.resolve("warm.log")));
                }
                add(seconds, peaks, cpu, "warm", warm);
                if (run % 2 == 1) {
                    add(seconds, peaks, cpu, "validate", validate(server, key, validateDir));
                }
                settle(work, tarball, validateDir, coldDir);
                System.out.printf("  run %d/%d: manual %.2f s, cold %.2f s (peak RSS %.0f MiB, %d upstream requests, %s),"
                        + " warm %.2f s, validate %.2f s%n", run, runs, last(seconds, "manual"), last(seconds, "cold"),
                        last(peaks, "cold"), coldRequests, streamed ? "unpacked as it downloaded" : "unpacked after the"
                        + " download", last(seconds, "warm"), last(seconds, "validate"));
            }
            System.out.println("  load average after the runs: " + loadAverage());
            Path profileDir = Files.createDirectories(work.resolve("profiled"));
            Path recording = Files.createDirectories(repo.resolve("target/bench-profiles"))
                    .resolve(shape.label() + "-" + mib + "MiB.jfr");
            profiled = cold(server, tarballGet, profileDir, "the profiled cold run", maven(server, key, profileDir,
                    "install"), " -XX:StartFlightRecording=filename=" + recording + ",settings=profile,"
                    + "jdk.ThreadCPULoad#period=" + Math.round(PROFILE_PERIOD * 1000) + "ms");
            Path print = work.resolve("profile.txt");
            exec(work, print, "jfr", "print", "--events", "jdk.ThreadCPULoad,jdk.ExecutionSample",
                    recording.toString());
            profile = ThreadProfile.parse(Files.readString(print), PROFILE_PERIOD,
                    Runtime.getRuntime().availableProcessors(), 12);
            Files.delete(print);
            System.out.println("  profiled cold run recorded in " + recording);
        }
        print(seconds, peaks, cpu, timelines);
        print(profile, profiled);
        delete(work);
        return new Result(shape, mib, peaks.get("cold"));
    }

    /**
     * A cold install in {@code dir} (its log {@code cold.log}), refused as a figure unless it fetched the tarball
     * upstream and left an installed view; {@code jvm} is added to its {@code MAVEN_OPTS}.
     */
    private Measure cold(CacheServer server, String tarballGet, Path dir, String run, List<String> install, String jvm)
            throws IOException, InterruptedException {
        server.clearRequests();
        Measure cold = timed(dir, "cold", install, jvm);
        requireRequest(server, tarballGet, run, dir.resolve("cold.log"));
        if (!Files.isRegularFile(dir.resolve("opt/view/bin/sinfo"))) {
            throw new BenchmarkError(run + " left no " + dir.resolve("opt/view/bin/sinfo")
                    + tail(dir.resolve("cold.log")));
        }
        return cold;
    }

    private static void print(ThreadProfile profile, Measure run) {
        System.out.printf("profiled cold run (not timed above; JFR): %.2f s, CPU %.2f s; per thread role, CPU seconds"
                + " and busy from-to (s since the recording began):%n", run.seconds, run.cpuSeconds);
        double java = 0;
        for (Map.Entry<String, ThreadProfile.Busy> role : profile.roles().entrySet()) {
            ThreadProfile.Busy busy = role.getValue();
            java += busy.cpuSeconds();
            System.out.printf("  %-10s %6.2f s CPU   busy %6.2f - %6.2f s%n", role.getKey(), busy.cpuSeconds(),
                    busy.from(), busy.to());
        }
        System.out.printf("  %-10s %6.2f s CPU   (GC and VM threads, the JVM's start and exit, rounding)%n",
                "not Java", run.cpuSeconds - java);
        System.out.println("  hottest frames (share of execution samples):");
        profile.hottest().forEach((frame, share) -> System.out.printf("    %5.1f%%  %s%n", share * 100, frame));
    }

    private void print(Map<String, List<Double>> seconds, Map<String, List<Double>> peaks,
            Map<String, List<Double>> cpu, List<Timeline> timelines) {
        System.out.printf("%-46s %-28s %-28s %s%n", "", "wall time, median (min-max)", "peak RSS, median (min-max)",
                "CPU time (user + system)");
        row("manual (curl + gpg --verify + tar -xzf)", "manual", seconds, peaks, cpu);
        row("  curl (tarball + .asc)", "curl", seconds, peaks, cpu);
        row("  gpg --verify", "gpg", seconds, peaks, cpu);
        row("  tar -xzf", "tar", seconds, peaks, cpu);
        row("cold mvn install (slurm:install)", "cold", seconds, peaks, cpu);
        row("warm mvn install (no-op, 0 upstream requests)", "warm", seconds, peaks, cpu);
        row("bare mvn validate", "validate", seconds, peaks, cpu);
        System.out.printf("cold / manual = %.2f (target <= 0.8); warm / validate = %.2f (target <= 1.2); ratios of"
                + " medians%n", median(seconds.get("cold")) / median(seconds.get("manual")),
                median(seconds.get("warm")) / median(seconds.get("validate")));
        System.out.println("cold install timeline, from the Maven log (median of the runs, seconds):");
        for (String phase : Timeline.PHASES) {
            List<Double> values = new ArrayList<>();
            String missing = null;
            for (Timeline timeline : timelines) {
                Double value = timeline.phases().get(phase);
                if (value == null) {
                    missing = timeline.missing().get(phase);
                } else {
                    values.add(value);
                }
            }
            System.out.printf("  %-70s %s%n", phase, missing != null ? "n/a (" + missing + ")" : range(values, "s"));
        }
    }

    private void row(String label, String name, Map<String, List<Double>> seconds, Map<String, List<Double>> peaks,
            Map<String, List<Double>> cpu) {
        System.out.printf("%-46s %-28s %-28s %s%n", label, range(seconds.get(name), "s"), range(peaks.get(name), "MiB"),
                range(cpu.get(name), "s"));
    }

    private static String range(List<Double> values, String unit) {
        String format = unit.equals("s") ? "%.2f" : "%.0f";
        return String.format(format + " %s (" + format + "-" + format + ")", median(values), unit,
                values.stream().min(Comparator.naturalOrder()).orElseThrow(),
                values.stream().max(Comparator.naturalOrder()).orElseThrow());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void add(Map<String, List<Double>> seconds, Map<String, List<Double>> peaks,
            Map<String, List<Double>> cpu, String name,
            Measure measure) {
        seconds.computeIfAbsent(name, n -> new ArrayList<>()).add(measure.seconds);
        peaks.computeIfAbsent(name, n -> new ArrayList<>()).add(measure.peakKb / 1024.0);
        cpu.computeIfAbsent(name, n -> new ArrayList<>()).add(measure.cpuSeconds);
    }

    private static double last(Map<String, List<Double>> measures, String name) {
        List<Double> values = measures.get(name);
        return values.get(values.size() - 1);
    }

    /**
     * Maven in the example deployment repository, with {@code dir}'s own local repository (empty: no tarball) and
     * prefix; the staged bridge and the outer repository (for Maven's own plugins) are read-only tails.
     */
    private List<String> maven(CacheServer server, FixtureKey key, Path dir, String goal) {
        return List.of(repo.resolve("mvnw").toString(), "-B",
                "-f", repo.resolve("examples/deployment/pom.xml").toString(),
                "-Dmaven.repo.local=" + dir.resolve("m2"),
                "-Dmaven.repo.local.tail=" + stagedRepo + "," + outerRepo,
                // From the tails only what was installed there or came from a repository this build uses: never a
                // Slurm build another project left in the outer repository.
                "-Dmaven.repo.local.tail.ignoreAvailability=false",
                "-Daether.remoteRepositoryFilter.prefixes=false",
                "-Dslurm.repository.url=slurm+" + server.uri(), "-Dslurm.prefix=" + dir.resolve("opt"),
                "-Dslurm.toolchain=noble", "-Dslurm.pgp.fingerprints=" + key.fingerprint(), goal);
    }

    /** A bare {@code mvn validate} of the example deployment, from the fresh folder {@code dir}. */
    private Measure validate(CacheServer server, FixtureKey key, Path dir) throws IOException, InterruptedException {
        return timed(dir, "validate", maven(server, key, dir, "validate"));
    }

    private static void requireRequest(CacheServer server, String get, String run, Path log) throws IOException {
        if (server.requests().stream().noneMatch(request -> request.equals(get) || request.startsWith(get + " "))) {
            throw new BenchmarkError(run + " made no tarball request upstream (" + get + "), so it measured no"
                    + " download; requests: " + server.requests() + tail(log));
        }
    }

    private Measure timed(Path dir, String name, String... command) throws IOException, InterruptedException {
        return timed(dir, name, List.of(command), "");
    }

    private Measure timed(Path dir, String name, List<String> command) throws IOException, InterruptedException {
        return timed(dir, name, command, "");
    }

    private Measure timed(Path dir, String name, List<String> command, String jvm)
            throws IOException, InterruptedException {
        Path report = dir.resolve(name + ".time");
        Path log = dir.resolve(name + ".log");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", report.toString()));
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // A heap far smaller than the tarball (the install must stream), and timestamps for the timeline.
        builder.environment().put("MAVEN_OPTS", System.getProperty("bench.jvm", "") + " -Xmx256m -Dorg.slf4j.simpleLogger.showDateTime=true"
                + " -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS" + jvm);
        builder.environment().remove("MAVEN_ARGS");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new BenchmarkError(name + " in " + dir + " exited with " + exit + tail(log));
        }
        String text = Files.readString(report, StandardCharsets.UTF_8);
        Matcher elapsed = ELAPSED.matcher(text);
        Matcher rss = RSS.matcher(text);
        if (!elapsed.find() || !rss.find()) {
            throw new BenchmarkError("unexpected output of /usr/bin/time -v in " + report);
        }
        double seconds = (elapsed.group(1) == null ? 0 : Integer.parseInt(elapsed.group(1)) * 3600)
                + Integer.parseInt(elapsed.group(2)) * 60 + Double.parseDouble(elapsed.group(3));
        double cpu = 0;
        for (Matcher time = CPU.matcher(text); time.find(); ) {
            cpu += Double.parseDouble(time.group(1));
        }
        return new Measure(seconds, Long.parseLong(rss.group(1)), cpu);
    }

    /** The 1, 5 and 15 minute load averages, to judge the noise of a shared machine. */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).trim().split("\\s+");
        return fields[0] + ", " + fields[1] + ", " + fields[2] + " on " + Runtime.getRuntime().availableProcessors()
                + " cores";
    }

    private static String tail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "\n--- last lines of " + log + " ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void exec(Path work, String... command) throws IOException, InterruptedException {
        exec(work, work.resolve("setup.log"), command);
    }

    private static void exec(Path work, Path output, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (process.waitFor() != 0) {
            throw new BenchmarkError(String.join(" ", command) + " failed" + tail(output));
        }
    }

    /**
     * Deletes the folders of the measurements just made and waits until the file system has written back what it
     * holds ({@code sync}), so that flushing their gigabytes never lands in the next measurement's time; then, as
     * root, drops the kernel's caches and reads the {@code served} tarball back in, so the next measurement starts as
     * on a fresh machine, with only the server (which stands for the network) warm.
     */
    private static void settle(Path work, Path served, Path... dirs) throws IOException, InterruptedException {
        for (Path dir : dirs) {
            delete(dir);
        }
        exec(work, "sync");
        freshCaches(served);
    }

    /**
     * Drops the page, dentry and inode caches when this process may ({@code /proc/sys/vm/drop_caches}, root), then
     * reads {@code served} into the page cache again. Without this, every tree a run created and the benchmark
     * deleted leaves its inode-table blocks cached, and on ext4 each file the next run creates looks through them:
     * {@code tar -xzf} of the 1 GiB small-file tree took 13.7, 24.9, then 28.6 s in three runs in a row, and 14.8 s
     * after a drop, its system time 4.2, 16.0, 19.7 and 6.8 s ({@code perf}: {@code recently_deleted} and
     * {@code find_get_block_common} under {@code ext4_create}).
     */
    private static void freshCaches(Path served) throws IOException {
        if (!Files.isWritable(DROP_CACHES)) {
            return;
        }
        Files.writeString(DROP_CACHES, "3");
        try (InputStream in = Files.newInputStream(served)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A run that produced no figure: the benchmark stops and says why. */
    private static final class BenchmarkError extends RuntimeException {
        BenchmarkError(String message) {
            super(message);
        }
    }
}
