package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.metadata.MavenPath;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a request's raw path as an {@code ai.vantage:slurm} file, refusing anything else: only the plain characters
 * of Maven paths ({@code %}-escapes, {@code ..}, empty segments and backslashes never pass), at most
 * {@value #MAX_LENGTH} characters, and then only what {@link MavenPath} recognises.
 */
final class RequestPath {

    static final int MAX_LENGTH = 256;

    private static final Pattern PLAIN = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    private RequestPath() {}

    /** The Maven path a raw request path names, or empty when it names nothing this repository has. */
    static Optional<MavenPath> parse(String rawPath) {
        if (rawPath == null || rawPath.length() > MAX_LENGTH || !PLAIN.matcher(rawPath).matches()
                || rawPath.contains("..")) {
            return Optional.empty();
        }
        try {
            return MavenPath.parse(rawPath.substring(1));
        } catch (IllegalArgumentException e) {
            // a malformed series, an unknown toolchain or architecture: no such file
            return Optional.empty();
        }
    }
}
