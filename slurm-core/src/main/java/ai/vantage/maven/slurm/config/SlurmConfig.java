package ai.vantage.maven.slurm.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@link SlurmConfigurationKeys} from a map of configuration properties, with per-repository overrides
 * ({@code <key>.<repoId>} before {@code <key>}).
 */
public final class SlurmConfig {

    private final Map<?, ?> properties;
    private final String repositoryId;

    /**
     * @param properties the session's configuration properties
     * @param repositoryId the repository whose overrides apply, or null
     */
    public SlurmConfig(Map<?, ?> properties, String repositoryId) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.repositoryId = repositoryId;
    }

    /** The value of {@code key}, or {@code defaultValue} when it is unset or blank. */
    public String getString(String key, String defaultValue) {
        Object value = null;
        if (repositoryId != null) {
            value = properties.get(key + "." + repositoryId);
        }
        if (value == null) {
            value = properties.get(key);
        }
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString().trim();
    }

    /**
     * The integer value of {@code key}.
     *
     * @throws IllegalArgumentException when it is not a non-negative whole number
     */
    public int getInt(String key, int defaultValue) {
        String value = getString(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid setting " + key + "=" + value
                + ": it is not a whole number >= 0 (default " + defaultValue + ")");
    }

    /**
     * The boolean value of {@code key}.
     *
     * @throws IllegalArgumentException when it is neither {@code true} nor {@code false}
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        String value = getString(key, null);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("Invalid setting " + key + "=" + value + ": it must be true or false");
    }

    /** The comma-separated entries of {@code key}, trimmed, blanks dropped. */
    public List<String> getList(String key, String defaultValue) {
        String value = getString(key, defaultValue);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
