package ai.vantage.maven.slurm.layout;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generation of the cache's tarball keys, as a template over {@code {series}}, {@code {toolchain}} and
 * {@code {arch}}. A template without {@code {arch}} only ever held amd64 builds.
 */
public final class LayoutGeneration {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");
    private static final List<String> PLACEHOLDERS = List.of("{series}", "{toolchain}", "{arch}");

    private final String name;
    private final String template;

    public LayoutGeneration(String name, String template) {
        this.name = Objects.requireNonNull(name, "name");
        this.template = Objects.requireNonNull(template, "template");
        if (!template.contains("{series}") || !template.contains("{toolchain}")) {
            throw new IllegalArgumentException("Layout template '" + template
                    + "' must contain {series} and {toolchain} (and {arch} if it holds more than amd64)");
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!PLACEHOLDERS.contains(placeholder.group())) {
                throw new IllegalArgumentException("Layout template '" + template + "' has the unknown placeholder "
                        + placeholder.group() + ": the placeholders are " + String.join(", ", PLACEHOLDERS));
            }
        }
        if (template.startsWith("/")) {
            throw new IllegalArgumentException("Layout template '" + template + "' must be relative to the cache root");
        }
    }

    public String name() {
        return name;
    }

    /** Whether this generation holds builds for {@code arch}. */
    public boolean supports(Arch arch) {
        return arch == Arch.AMD64 || template.contains("{arch}");
    }

    /** The tarball's key relative to the cache root, or empty when this generation has no such architecture. */
    public Optional<String> tarballKey(SlurmCoordinate coordinate) {
        if (!supports(coordinate.arch())) {
            return Optional.empty();
        }
        return Optional.of(template.replace("{series}", coordinate.series())
                .replace("{toolchain}", coordinate.toolchain().id())
                .replace("{arch}", coordinate.arch().id()));
    }

    @Override
    public String toString() {
        return name + " (" + template + ")";
    }
}
