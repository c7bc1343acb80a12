package ai.vantage.maven.slurm.bench;

import ai.vantage.maven.slurm.fixture.CacheServer;
import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.fixture.FixtureKey;
import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints, side by side, for a large tarball served on loopback: the manual path ({@code curl}, {@code gpg --verify},
 * {@code tar -xzf}), a cold {@code mvn install} of the example deployment repository, a warm no-op run of it, and a
 * bare {@code mvn validate}, each with wall time and peak memory (GNU time), and the upstream requests of the no-op.
 * Maven runs with a 256 MiB heap, less than the tarball, so a run that held it in memory would fail.
 * Usage: {@code InstallBenchmark <repo root> <work dir> <size MiB>...} (run by {@code bench/install.sh}).
 */
public final class InstallBenchmark {

    private static final Pattern ELAPSED = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):([\\d.]+)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    private InstallBenchmark() {}

    private record Measure(double seconds, long peakKb, int exit) {
        @Override
        public String toString() {
            return String.format("%7.2f s  %7.0f MiB peak RSS%s", seconds, peakKb / 1024.0, exit == 0 ? "" : "  (exit " + exit + ")");
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        for (int i = 2; i < args.length; i++) {
            run(repo, work.resolve(args[i] + "MiB"), Long.parseLong(args[i]));
        }
    }

    private static void run(Path repo, Path work, long mib) throws Exception {
        Files.createDirectories(work);
        FixtureKey key = FixtureKey.generate("Benchmark <bench@example.invalid>");
        FixtureCache cache = FixtureCache.create(work.resolve("cache"), key);
        Path tarball = cache.put(FixtureCache.NOBLE, CacheLayout.CURRENT,
                FixtureTarball.of(FixtureCache.NOBLE).padding(mib << 20));
        cache.putKeyManifest(Toolchain.NOBLE);
        Path keyFile = Files.write(work.resolve("key.asc"), key.armoredPublicKey());
        String keyPath = cache.root().relativize(tarball).toString();
        try (CacheServer server = CacheServer.start(cache.root())) {
            String url = server.uri() + keyPath;
            Path gnupg = Files.createDirectories(work.resolve("gnupg"));
            Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            exec(work, "gpg", "--homedir", gnupg.toString(), "--batch", "--import", keyFile.toString());
            Path manualDir = Files.createDirectories(work.resolve("manual"));
            // One untimed download first, so neither side pays for the server's JIT warm-up.
            exec(work, "curl", "-sf", "-o", "/dev/null", url);
            String cd = "set -e; cd '" + manualDir + "'; ";
            Measure curl = timed(work, "manual-curl", "sh", "-c", cd + "curl -sf -o slurm.tar.gz '" + url + "';"
                    + " curl -sf -o slurm.tar.gz.asc '" + url + ".asc'");
            Measure gpg = timed(work, "manual-gpg", "sh", "-c", cd + "gpg --homedir '" + gnupg + "' --batch"
                    + " --verify slurm.tar.gz.asc slurm.tar.gz 2>/dev/null");
            Measure tar = timed(work, "manual-tar", "sh", "-c", cd + "rm -rf opt; mkdir opt; tar -xzf slurm.tar.gz -C opt");
            Measure manual = new Measure(curl.seconds + gpg.seconds + tar.seconds,
                    Math.max(curl.peakKb, Math.max(gpg.peakKb, tar.peakKb)), curl.exit | gpg.exit | tar.exit);

            Path localRepo = work.resolve("m2");
            Path prefix = work.resolve("opt-slurm");
            List<String> mvn = new ArrayList<>(List.of(repo.resolve("mvnw").toString(), "-B", "-q",
                    "-f", repo.resolve("examples/deployment/pom.xml").toString(),
                    "-Dmaven.repo.local=" + localRepo,
                    "-Dmaven.repo.local.tail=" + System.getProperty("user.home") + "/.m2/repository",
                    "-Dslurm.repository.url=slurm+" + server.uri(), "-Dslurm.prefix=" + prefix,
                    "-Dslurm.toolchain=noble", "-Dslurm.pgp.fingerprints=" + key.fingerprint(),
                    "-Dslurm.runInstallScript=false"));
            Measure validate = timed(work, "validate", with(mvn, "validate"));
            server.clearRequests();
            Measure cold = timed(work, "cold", with(mvn, "install"));
            int coldRequests = server.requests().size();
            server.clearRequests();
            Measure warm = timed(work, "warm", with(mvn, "install"));
            int warmRequests = server.requests().size();

            System.out.printf("%n== %d MiB tarball (%.0f MiB on the wire) ==%n", mib, Files.size(tarball) / 1048576.0);
            System.out.println("manual (curl + gpg --verify + tar -xzf): " + manual);
            System.out.println("  curl:                                  " + curl);
            System.out.println("  gpg --verify:                          " + gpg);
            System.out.println("  tar -xzf:                              " + tar);
            System.out.println("cold mvn install (slurm:install):        " + cold + "  " + coldRequests + " upstream requests");
            System.out.println("warm mvn install (no-op):                " + warm + "  " + warmRequests + " upstream requests");
            System.out.println("bare mvn validate:                       " + validate);
            System.out.printf("cold / manual = %.2f (target <= 0.8); warm / validate = %.2f (target <= 1.3)%n",
                    cold.seconds / manual.seconds, warm.seconds / validate.seconds);
        }
    }

    private static List<String> with(List<String> command, String goal) {
        List<String> all = new ArrayList<>(command);
        all.add(goal);
        return all;
    }

    private static Measure timed(Path work, String name, String... command) throws IOException, InterruptedException {
        return timed(work, name, List.of(command));
    }

    private static Measure timed(Path work, String name, List<String> command) throws IOException, InterruptedException {
        Path report = work.resolve(name + ".time");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", report.toString()));
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        // A heap far smaller than the tarball: the install must stream.
        builder.environment().put("MAVEN_OPTS", "-Xmx256m");
        Process process = builder.start();
        int exit = process.waitFor();
        String text = Files.readString(report, StandardCharsets.UTF_8);
        Matcher elapsed = ELAPSED.matcher(text);
        Matcher rss = RSS.matcher(text);
        if (!elapsed.find() || !rss.find()) {
            throw new IOException("Unexpected output of /usr/bin/time -v in " + report);
        }
        double seconds = (elapsed.group(1) == null ? 0 : Integer.parseInt(elapsed.group(1)) * 3600)
                + Integer.parseInt(elapsed.group(2)) * 60 + Double.parseDouble(elapsed.group(3));
        return new Measure(seconds, Long.parseLong(rss.group(1)), exit);
    }

    private static void exec(Path work, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("setup.log").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed; see " + work.resolve("setup.log"));
        }
    }
}
