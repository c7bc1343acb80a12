package ai.vantage.maven.slurm.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases of one cold {@code mvn install}, from the timestamps ({@code HH:mm:ss.SSS}, Maven's simple logger) of
 * the plugin's and the transport's INFO lines, bracketed by the process's launch and exit, so that the phases add up
 * to the run. Each marker line is the first that matches after the previous marker found; a phase whose start or end
 * line is missing (the script's, when the tree carries none) has no value, and {@link #missing()} names the line.
 * Through the transport the install verifies and unpacks the bytes as they download ("Unpacked … as it downloaded"),
 * so the download phase holds most of the unpack and the next phase is what remains of it after the last byte; the
 * transport's "Verified" line falls inside the download and the install's own check of the same bytes is at debug
 * level only: verification has no phase of its own.
 */
record Timeline(Map<String, Double> phases, Map<String, String> missing) {

    /** The phases, in order. */
    static final List<String> PHASES = List.of("Maven start (launch -> Installing)",
            "resolve (Installing -> Downloading tarball)", "download, unpacking as it arrives (Downloading -> Downloaded tarball)",
            "rest of the unpack and checks (Downloaded -> Unpacked)", "switch (Unpacked -> Switched)",
            "receipt (Switched -> Running, or Installed)", "script (Running -> Installed)",
            "finish (Installed -> exit)");

    private static final Pattern LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[INFO\\] (.*)$");
    private static final Pattern TARBALL = Pattern.compile("\\.tar\\.gz( .*)?$");

    private record Marker(String name, Predicate<String> matches) {}

    private static final List<Marker> MARKERS = List.of(
            new Marker("Installing …", m -> m.startsWith("Installing ")),
            new Marker("Downloading from … .tar.gz", m -> m.startsWith("Downloading from ") && TARBALL.matcher(m).find()),
            new Marker("Downloaded from … .tar.gz", m -> m.startsWith("Downloaded from ") && TARBALL.matcher(m).find()),
            new Marker("Unpacked …", m -> m.startsWith("Unpacked ")),
            new Marker("Switched …", m -> m.startsWith("Switched ")),
            new Marker("Running …", m -> m.startsWith("Running ")),
            new Marker("Installed …", m -> m.startsWith("Installed ")));

    /** Parses {@code log}; {@code launched} and {@code exited} are the process's wall-clock times (epoch ms). */
    static Timeline parse(List<String> log, long launched, long exited) {
        Map<String, LocalTime> at = new LinkedHashMap<>();
        at.put("launch", time(launched));
        int from = 0;
        for (Marker marker : MARKERS) {
            for (int i = from; i < log.size(); i++) {
                Matcher line = LINE.matcher(log.get(i));
                if (line.matches() && marker.matches.test(line.group(2))) {
                    at.put(marker.name, LocalTime.parse(line.group(1)));
                    from = i + 1;
                    break;
                }
            }
        }
        at.put("exit", time(exited));
        String[][] bounds = {{"launch", "Installing …"}, {"Installing …", "Downloading from … .tar.gz"},
            {"Downloading from … .tar.gz", "Downloaded from … .tar.gz"}, {"Downloaded from … .tar.gz", "Unpacked …"},
            {"Unpacked …", "Switched …"},
            {"Switched …", at.containsKey("Running …") ? "Running …" : "Installed …"}, {"Running …", "Installed …"},
            {"Installed …", "exit"}};
        Map<String, Double> phases = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < bounds.length; i++) {
            LocalTime start = at.get(bounds[i][0]);
            LocalTime end = at.get(bounds[i][1]);
            if (start == null || end == null) {
                missing.put(PHASES.get(i), "no INFO line '" + (start == null ? bounds[i][0] : bounds[i][1]) + "'");
            } else {
                long millis = start.until(end, ChronoUnit.MILLIS);
                phases.put(PHASES.get(i), (millis < 0 ? millis + 86_400_000 : millis) / 1000.0);
            }
        }
        return new Timeline(phases, missing);
    }

    private static LocalTime time(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault());
    }
}
