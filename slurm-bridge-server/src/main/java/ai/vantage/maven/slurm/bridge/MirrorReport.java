package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link OfflineMirror} run did, build by build, and the summary table printed at its end.
 *
 * @param rows one per build the cache has in the selection
 * @param absent how many combinations of the selection the cache has no build for
 */
public record MirrorReport(List<Row> rows, int absent) {

    /** What happened to one build. */
    public enum Status {
        WRITTEN,
        UNCHANGED,
        REFUSED,
        FAILED
    }

    /** One build's line. */
    public record Row(String build, Status status, long bytes, String detail) {
        static Row of(SlurmCoordinate coordinate, Status status, long bytes, String detail) {
            return new Row(coordinate.toString(), status, bytes, detail);
        }
    }

    /** The builds that were not mirrored because verification refused them or the cache failed. */
    public List<Row> failures() {
        return rows.stream().filter(r -> r.status == Status.REFUSED || r.status == Status.FAILED).toList();
    }

    /** The summary table, one line per build, then the totals. */
    public List<String> table() {
        int width = Math.max("build".length(), rows.stream().mapToInt(r -> r.build.length()).max().orElse(0));
        List<String> lines = new ArrayList<>();
        String format = "%-" + width + "s  %-9s  %12s  %s";
        lines.add(String.format(format, "build", "status", "bytes", "").stripTrailing());
        for (Row row : rows) {
            lines.add(String.format(format, row.build, row.status.name().toLowerCase(Locale.ROOT),
                    row.bytes, row.detail).stripTrailing());
        }
        long written = rows.stream().filter(r -> r.status == Status.WRITTEN).count();
        long unchanged = rows.stream().filter(r -> r.status == Status.UNCHANGED).count();
        lines.add(written + " written, " + unchanged + " unchanged, " + failures().size() + " not mirrored; "
                + absent + " combination(s) not in the cache");
        return lines;
    }
}
