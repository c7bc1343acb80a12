package ai.vantage.maven.slurm.available;

import ai.vantage.maven.slurm.release.ExactRelease;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders an {@link Availability}: an aligned plain-text table for the Maven log, or JSON for scripts. */
public final class AvailabilityFormat {

    private static final String[] HEADER =
            {"SERIES", "TOOLCHAIN", "ARCH", "RELEASE", "LAYOUT", "SIZE", "LAST-MODIFIED", "SIGNED", "SOURCE"};
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String NONE = "-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AvailabilityFormat() {}

    /**
     * The table, one line per build after a header line, columns separated by two spaces and padded to the widest
     * cell, unknown values as {@code -}; then the notes, one line each. No line has trailing blanks.
     */
    public static List<String> table(Availability availability) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (AvailableBuild build : availability.builds()) {
            rows.add(new String[] {
                build.coordinate().series(),
                build.coordinate().toolchain().id(),
                build.coordinate().arch().id(),
                build.release() == null ? NONE : build.release().mavenVersion(),
                build.generation() == null ? NONE : build.generation(),
                build.size() < 0 ? NONE : size(build.size()),
                time(build.lastModified()),
                time(build.signatureTime()),
                source(build.source())
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
            lines.add(line.toString().stripTrailing());
        }
        lines.addAll(availability.notes());
        return lines;
    }

    /**
     * The same data as JSON: {@code {"builds": [{"artifact", "series", "toolchain", "arch", "classifier", "release",
     * "layout", "size", "lastModified", "signatureTime", "source"}, …], "notes": […]}}, unknown values {@code null},
     * times in ISO-8601 UTC.
     */
    public static String json(Availability availability) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode builds = root.putArray("builds");
        for (AvailableBuild build : availability.builds()) {
            ObjectNode row = builds.addObject();
            row.put("artifact", build.coordinate().toString());
            row.put("series", build.coordinate().series());
            row.put("toolchain", build.coordinate().toolchain().id());
            row.put("arch", build.coordinate().arch().id());
            row.put("classifier", build.coordinate().classifier());
            ExactRelease release = build.release();
            row.put("release", release == null ? null : release.mavenVersion());
            row.put("layout", build.generation());
            if (build.size() < 0) {
                row.putNull("size");
            } else {
                row.put("size", build.size());
            }
            row.put("lastModified", build.lastModified() == null ? null : build.lastModified().toString());
            row.put("signatureTime", build.signatureTime() == null ? null : build.signatureTime().toString());
            row.put("source", source(build.source()));
        }
        ArrayNode notes = root.putArray("notes");
        availability.notes().forEach(notes::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree did not serialize", e);
        }
    }

    /** {@code listing}, {@code probe} or {@code built-in}. */
    private static String source(AvailableBuild.Source source) {
        return source.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String time(Instant instant) {
        return instant == null ? NONE : MINUTES.format(instant);
    }

    /** Bytes in binary units with one decimal, e.g. {@code 812.4 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
