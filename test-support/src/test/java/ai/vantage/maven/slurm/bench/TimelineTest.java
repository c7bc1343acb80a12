package ai.vantage.maven.slurm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold run's phases come from the right lines of a real Maven log. */
class TimelineTest {

    private static final List<String> LOG = List.of(
            "17:47:51.592 [INFO] Scanning for projects...",
            "17:47:51.757 [INFO] --- slurm:0.1.0-SNAPSHOT:install (default) @ cluster-slurm ---",
            "17:47:52.063 [INFO] Installing ai.vantage:slurm:25.11:tar.gz:noble into /tmp/opt/view",
            "17:47:52.632 [INFO] Downloading from slurm-factory: slurm+http://127.0.0.1:1/ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz",
            "17:47:54.928 [INFO] Verified ai.vantage:slurm:25.11:tar.gz:noble: signed by B63D on 2026-11-25T17:47:45Z",
            "17:47:54.958 [INFO] Downloaded from slurm-factory: slurm+http://127.0.0.1:1/ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz (30 MB at 13 MB/s)",
            "17:47:55.001 [INFO] Downloading from slurm-factory: slurm+http://127.0.0.1:1/ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.asc",
            "17:47:55.009 [INFO] Downloaded from slurm-factory: slurm+http://127.0.0.1:1/ai/vantage/slurm/25.11/slurm-25.11-noble.tar.gz.asc (679 B at 85 kB/s)",
            "17:47:57.222 [INFO] Unpacked 282 files, 4 links (57 MiB)",
            "17:47:57.239 [INFO] Switched /tmp/opt/view to release 20261125T174757-25.11-noble",
            "17:47:57.347 [INFO] The tree carries no install script; none run",
            "17:47:57.348 [INFO] Installed ai.vantage:slurm:25.11:tar.gz:noble at /tmp/opt/view (release 1)",
            "17:47:57.356 [INFO] BUILD SUCCESS");

    private static long at(String time) {
        return LocalDate.now().atTime(LocalTime.parse(time)).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static double phase(Timeline timeline, int index) {
        return timeline.phases().get(Timeline.PHASES.get(index));
    }

    @Test
    void phasesRunFromLaunchToExitThroughThePluginsLines() {
        Timeline timeline = Timeline.parse(LOG, at("17:47:50.000"), at("17:47:57.500"));

        assertEquals(2.063, phase(timeline, 0), 1e-9, "launch -> Installing");
        assertEquals(0.569, phase(timeline, 1), 1e-9, "Installing -> Downloading the tarball, not its .asc");
        assertEquals(2.326, phase(timeline, 2), 1e-9, "download");
        assertEquals(2.264, phase(timeline, 3), 1e-9, "the tarball's Downloaded (not its .asc's) -> Unpacked");
        assertEquals(0.017, phase(timeline, 4), 1e-9, "switch");
        assertEquals(0.109, phase(timeline, 5), 1e-9, "Switched -> Installed when no script runs");
        assertFalse(timeline.phases().containsKey(Timeline.PHASES.get(6)));
        assertEquals("no INFO line 'Running …'", timeline.missing().get(Timeline.PHASES.get(6)));
        assertEquals(0.152, phase(timeline, 7), 1e-9, "Installed -> exit");
        assertEquals(7.5, timeline.phases().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                "the phases add up to the run");
    }

    @Test
    void aScriptRunIsItsOwnPhase() {
        List<String> log = new ArrayList<>(LOG);
        log.add(10, "17:47:57.250 [INFO] Running /tmp/opt/releases/1/view/assets/slurm_assets/slurm_install.sh");

        Timeline timeline = Timeline.parse(log, at("17:47:50.000"), at("17:47:57.500"));

        assertEquals(0.011, phase(timeline, 5), 1e-9, "Switched -> Running");
        assertEquals(0.098, phase(timeline, 6), 1e-9, "Running -> Installed");
        assertEquals(List.of(), List.copyOf(timeline.missing().keySet()));
    }

    @Test
    void aMissingLineNamesItselfAndLeavesTheOtherPhases() {
        List<String> log = new ArrayList<>(LOG);
        log.removeIf(line -> line.contains("Unpacked"));

        Timeline timeline = Timeline.parse(log, at("17:47:50.000"), at("17:47:57.500"));

        assertEquals("no INFO line 'Unpacked …'", timeline.missing().get(Timeline.PHASES.get(3)));
        assertEquals("no INFO line 'Unpacked …'", timeline.missing().get(Timeline.PHASES.get(4)));
        assertEquals(2.326, phase(timeline, 2), 1e-9);
    }
}
