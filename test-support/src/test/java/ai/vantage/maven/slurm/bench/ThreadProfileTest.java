package ai.vantage.maven.slurm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profiled run's CPU per role of thread and hottest frames, as read from {@code jfr print}. */
class ThreadProfileTest {

    private static String load(String time, double user, double system, String thread) {
        return "jdk.ThreadCPULoad {\n  startTime = " + time + " (2026-12-04)\n  user = " + user + "%\n  system = "
                + system + "%\n  eventThread = \"" + thread + "\" (javaThreadId = 7)\n}\n\n";
    }

    private static String sample(String thread, String top) {
        return "jdk.ExecutionSample {\n  startTime = 22:00:01.000\n  sampledThread = \"" + thread
                + "\" (javaThreadId = 1)\n  state = \"STATE_RUNNABLE\"\n  stackTrace = [\n    " + top
                + "\n    java.io.InputStream.read(byte[]) line: 218\n    ...\n  ]\n}\n\n";
    }

    @Test
    void sumsCpuPerRoleUndoingJfrsDivisionByTheProcessors() {
        String print = load("22:00:00.000", 10, 2.5, "main") + load("22:00:00.100", 40, 10, "slurm-inflate")
                + load("22:00:00.200", 40, 10, "slurm-inflate") + load("22:00:00.300", 25, 0, "slurm-hash noble")
                + load("22:00:00.300", 50, 0, "slurm-verify") + load("22:00:00.400", 30, 5, "slurm-unpack noble")
                + load("22:00:00.500", 0.1, 0, "slurm-unpack noble") + load("22:00:00.500", 5, 0, "C2 CompilerThread0")
                + load("22:00:00.500", 5, 0, "Finalizer");

        ThreadProfile profile = ThreadProfile.parse(print, 0.1, 2, 5);

        assertEquals(ThreadProfile.ROLES, List.copyOf(profile.roles().keySet()));
        assertEquals(0.025, profile.roles().get("download").cpuSeconds(), 1e-9);
        assertEquals(0.2, profile.roles().get("inflate").cpuSeconds(), 1e-9);
        assertEquals(0.15, profile.roles().get("hash").cpuSeconds(), 1e-9);
        assertEquals(0.0702, profile.roles().get("write").cpuSeconds(), 1e-9);
        assertEquals(0.01, profile.roles().get("JIT").cpuSeconds(), 1e-9);
        assertEquals(0.01, profile.roles().get("other").cpuSeconds(), 1e-9);
        // busy from the start of its first busy interval to its last busy event; the idle event does not extend it
        assertBusy(0.3, 0.4, profile.roles().get("write"));
        assertBusy(0.0, 0.2, profile.roles().get("inflate"));
        assertEquals(new ThreadProfile.Busy(0, 0, 0), profile.roles().get("GC"));
    }

    private static void assertBusy(double from, double to, ThreadProfile.Busy busy) {
        assertEquals(from, busy.from(), 1e-9, busy.toString());
        assertEquals(to, busy.to(), 1e-9, busy.toString());
    }

    @Test
    void ranksTopFramesByTheirShareOfSamples() {
        String print = sample("main", "sun.security.provider.SHA.implCompress0(byte[], int) line: 0")
                + sample("slurm-hash", "sun.security.provider.SHA.implCompress0(byte[], int) line: 0")
                + sample("slurm-inflate", "java.util.zip.Inflater.inflateBytesBytes(long, byte[]) line: 0");

        ThreadProfile profile = ThreadProfile.parse(print, 0.1, 2, 1);

        assertEquals(Map.of("sun.security.provider.SHA.implCompress0(byte[], int)", 2 / 3.0), profile.hottest());
    }

    @Test
    void namesTheRoleOfEachThread() {
        assertEquals("download", ThreadProfile.role("main"));
        assertEquals("hash", ThreadProfile.role("slurm-hash ai.vantage:slurm:25.11:noble"));
        assertEquals("hash", ThreadProfile.role("slurm-verify"));
        assertEquals("inflate", ThreadProfile.role("slurm-inflate"));
        assertEquals("write", ThreadProfile.role("slurm-unpack ai.vantage:slurm:25.11:noble"));
        assertEquals("JIT", ThreadProfile.role("C1 CompilerThread0"));
        assertEquals("other", ThreadProfile.role("Signal Dispatcher"));
    }
}
