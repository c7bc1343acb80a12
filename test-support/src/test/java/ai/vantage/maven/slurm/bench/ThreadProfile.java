package ai.vantage.maven.slurm.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where one profiled cold {@code mvn install} spent its CPU, from its flight recording as {@code jfr print} shows it:
 * per role of thread (download: Maven's main thread, which reads the transport's stream; hash; inflate; write; JIT;
 * GC; other) the CPU seconds and when the role was busy, from {@code jdk.ThreadCPULoad} events taken every
 * {@code period}; and the methods most often on top of the sampled stacks ({@code jdk.ExecutionSample}).
 *
 * @param roles per role, in {@link #ROLES} order: CPU seconds and busy span
 * @param hottest top frames with their share of the samples, most frequent first
 */
record ThreadProfile(Map<String, Busy> roles, Map<String, Double> hottest) {

    /** The roles, in order, and the thread names that have them (by prefix). */
    static final List<String> ROLES = List.of("download", "hash", "inflate", "write", "JIT", "GC", "other");

    /** A role's CPU seconds and the seconds since the recording's start of its first and last busy sample. */
    record Busy(double cpuSeconds, double from, double to) {}

    private static final Pattern LOAD = Pattern.compile("jdk\\.ThreadCPULoad \\{\\s+startTime = ([\\d:.]+)"
            + "(?: \\([^)]*\\))?\\s+user = ([\\d.]+)%\\s+system = ([\\d.]+)%\\s+eventThread = \"([^\"]*)\"");
    private static final Pattern SAMPLE = Pattern.compile("jdk\\.ExecutionSample \\{.*?stackTrace = \\[\\s+([^\\n]+)",
            Pattern.DOTALL);
    /** Below this load a sample counts as idle for the busy span: a thread parked on a queue shows a trace of CPU. */
    private static final double BUSY_LOAD = 0.05;

    /**
     * Parses {@code jfr print --events jdk.ThreadCPULoad,jdk.ExecutionSample} output.
     *
     * @param period seconds between two {@code jdk.ThreadCPULoad} events of a thread
     * @param cpus the machine's processors: JFR divides each thread's load by them
     * @param top how many hottest frames to keep
     */
    static ThreadProfile parse(String jfrPrint, double period, int cpus, int top) {
        Map<String, double[]> roles = new LinkedHashMap<>();
        ROLES.forEach(role -> roles.put(role, new double[] {0, Double.MAX_VALUE, -1}));
        LocalTime start = null;
        for (Matcher load = LOAD.matcher(jfrPrint); load.find(); ) {
            LocalTime at = LocalTime.parse(load.group(1));
            start = start == null || at.isBefore(start) ? at : start;
        }
        for (Matcher load = LOAD.matcher(jfrPrint); load.find(); ) {
            double share = (Double.parseDouble(load.group(2)) + Double.parseDouble(load.group(3))) / 100;
            double[] role = roles.get(role(load.group(4)));
            role[0] += share * cpus * period;
            if (share * cpus >= BUSY_LOAD) {
                double at = start.until(LocalTime.parse(load.group(1)), ChronoUnit.MILLIS) / 1000.0;
                role[1] = Math.min(role[1], at - period);
                role[2] = Math.max(role[2], at);
            }
        }
        Map<String, Busy> busy = new LinkedHashMap<>();
        roles.forEach((name, r) -> busy.put(name, new Busy(r[0], r[2] < 0 ? 0 : Math.max(0, r[1]), Math.max(0, r[2]))));
        Map<String, Long> frames = SAMPLE.matcher(jfrPrint).results()
                .map(m -> m.group(1).trim().replaceFirst(" +line: \\d+.*$", ""))
                .collect(Collectors.groupingBy(frame -> frame, Collectors.counting()));
        long samples = frames.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> hottest = new LinkedHashMap<>();
        frames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> hottest.put(e.getKey(), (double) e.getValue() / samples));
        return new ThreadProfile(busy, hottest);
    }

    /** The role of a thread by its name: the installer's and the transport's threads are named for what they do. */
    static String role(String thread) {
        if (thread.equals("main")) {
            return "download";
        }
        if (thread.startsWith("slurm-hash") || thread.startsWith("slurm-verify")) {
            return "hash";
        }
        if (thread.startsWith("slurm-inflate")) {
            return "inflate";
        }
        if (thread.startsWith("slurm-unpack")) {
            return "write";
        }
        if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) {
            return "JIT";
        }
        if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
            return "GC";
        }
        return "other";
    }
}
