package ai.vantage.maven.slurm.it.nexus;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a starting Nexus still gets somewhere: it does while its logs gain lines it has not written before. A line
 * counts by its text without timestamp, thread and numbers, and stack traces do not count, so a flood of one error
 * (as the {@code FeatureDeploymentListener} NullPointerExceptions of a hung Karaf) is no progress.
 */
final class StartProgress {

    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+(?:[+-]\\d{4}|Z)?\\s*");
    private static final Pattern THREAD = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Map<Path, Long> read = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private String lastNews = "(none yet)";

    /** Watches the log files {@code logs}; they need not exist yet. */
    StartProgress(List<Path> logs) {
        logs.forEach(log -> read.put(log, 0L));
    }

    /** Reads what the logs gained since the last call; true if a line among it is new. */
    boolean advanced() throws IOException {
        boolean advanced = false;
        for (Map.Entry<Path, Long> log : read.entrySet()) {
            if (!Files.isRegularFile(log.getKey())) {
                continue;
            }
            try (RandomAccessFile file = new RandomAccessFile(log.getKey().toFile(), "r")) {
                long from = Math.min(log.getValue(), file.length());
                byte[] gained = new byte[(int) Math.min(file.length() - from, 1 << 24)];
                file.seek(from);
                file.readFully(gained);
                int end = lastNewline(gained);
                log.setValue(from + end);
                for (String line : new String(gained, 0, end, StandardCharsets.UTF_8).split("\n")) {
                    if (isNews(line)) {
                        lastNews = line;
                        advanced = true;
                    }
                }
            }
        }
        return advanced;
    }

    /** The last line that counted as progress. */
    String lastNews() {
        return lastNews;
    }

    private boolean isNews(String line) {
        if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || line.startsWith("Caused by")) {
            return false;
        }
        String text = TIMESTAMP.matcher(line).replaceFirst("");
        return seen.add(NUMBER.matcher(THREAD.matcher(text).replaceAll("[]")).replaceAll("#"));
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
