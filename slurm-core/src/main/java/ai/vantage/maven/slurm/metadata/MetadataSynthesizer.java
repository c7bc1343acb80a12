package ai.vantage.maven.slurm.metadata;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;

/**
 * The GA-level {@code maven-metadata.xml} of {@code ai.vantage:slurm}: every series, oldest first, with the newest
 * as {@code latest} and {@code release}.
 */
public final class MetadataSynthesizer {

    private static final DateTimeFormatter LAST_UPDATED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private MetadataSynthesizer() {}

    /**
     * The metadata's bytes (UTF-8).
     *
     * @param series the series, any order; each must be well-formed
     * @param lastUpdated the time written as {@code lastUpdated}
     */
    public static byte[] metadata(Collection<String> series, Instant lastUpdated) {
        List<String> sorted = series.stream().map(SlurmSeries::require).distinct().sorted(SlurmSeries::compare).toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("maven-metadata.xml needs at least one series");
        }
        String newest = sorted.get(sorted.size() - 1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<metadata>\n")
                .append("  <groupId>").append(SlurmCoordinate.GROUP_ID).append("</groupId>\n")
                .append("  <artifactId>").append(SlurmCoordinate.ARTIFACT_ID).append("</artifactId>\n")
                .append("  <versioning>\n")
                .append("    <latest>").append(newest).append("</latest>\n")
                .append("    <release>").append(newest).append("</release>\n")
                .append("    <versions>\n");
        for (String s : sorted) {
            xml.append("      <version>").append(s).append("</version>\n");
        }
        xml.append("    </versions>\n")
                .append("    <lastUpdated>").append(LAST_UPDATED.format(lastUpdated)).append("</lastUpdated>\n")
                .append("  </versioning>\n")
                .append("</metadata>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }
}
