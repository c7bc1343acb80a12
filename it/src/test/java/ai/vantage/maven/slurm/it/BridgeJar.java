package ai.vantage.maven.slurm.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge server's runnable jar (as its module's package phase leaves it, {@code it.bridgeJar}) run as a process
 * of its own on a free loopback port, its log in a file: what a site runs, and a process whose memory can be read.
 */
final class BridgeJar implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Serving ai.vantage:slurm from \\S+ at (https?://\\S+/)");
    private static final Pattern RSS = Pattern.compile("(VmRSS|VmHWM):\\s+(\\d+) kB");

    private final Process process;
    private final Path log;
    private final URI uri;

    private BridgeJar(Process process, Path log, URI uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /**
     * Starts {@code java [jvmOptions] -jar <bridge jar> --port 0 [options]}, logging to {@code log}, and waits until
     * it serves.
     */
    static BridgeJar start(Path log, List<String> jvmOptions, String... options)
            throws IOException, InterruptedException {
        List<String> command = command(jvmOptions, "--port", "0");
        command.addAll(List.of(options));
        Process process = launch(command, log);
        Matcher serving = SERVING.matcher("");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!serving.reset(read(log)).find()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The bridge jar did not start: " + command + "\n" + read(log));
            }
            Thread.sleep(100);
        }
        return new BridgeJar(process, log, URI.create(serving.group(1)));
    }

    /** Runs {@code java -jar <bridge jar> [options]} to its end (e.g. {@code --mirror}); returns its exit code. */
    static int run(Path log, String... options) throws IOException, InterruptedException {
        List<String> command = command(List.of(), options);
        Process process = launch(command, log);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("The bridge jar did not finish in 5 minutes: " + command);
        }
        return process.waitFor();
    }

    private static List<String> command(List<String> jvmOptions, String... options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("it.bridgeJar")));
        command.addAll(List.of(options));
        return command;
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The repository's base URL, ending with {@code /}. */
    URI uri() {
        return uri;
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** The log so far. */
    String log() {
        return read(log);
    }

    /** Resident memory now and at its peak, in KiB ({@code VmRSS}, {@code VmHWM} of {@code /proc/<pid>/status}). */
    long[] residentKib() throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
        long[] kib = new long[2];
        while (m.find()) {
            kib[m.group(1).equals("VmRSS") ? 0 : 1] = Long.parseLong(m.group(2));
        }
        return kib;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
