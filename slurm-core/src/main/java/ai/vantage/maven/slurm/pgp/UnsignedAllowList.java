package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The builds that may be used without a verified signature ({@code slurm.pgp.allowUnsigned}), for private test
 * builds. The verifier still runs; a caller that gets a {@link VerificationException} for a listed build goes on,
 * logging {@link #warning} at WARN level every time.
 */
public final class UnsignedAllowList {

    private final String setting;
    private final Set<SlurmCoordinate> allowed;

    private UnsignedAllowList(String setting, Set<SlurmCoordinate> allowed) {
        this.setting = setting;
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * Parses {@code <series>:<classifier>} entries, comma-separated, e.g. {@code 25.11:noble,25.11:noble-arm64}.
     *
     * @param setting the setting the list comes from, named in messages ({@code slurm.pgp.allowUnsigned})
     * @throws IllegalArgumentException for a malformed entry, naming the setting and the valid forms
     */
    public static UnsignedAllowList parse(String setting, String commaSeparated) {
        Set<SlurmCoordinate> allowed = new LinkedHashSet<>();
        for (String entry : commaSeparated.split(",")) {
            if (!entry.isBlank()) {
                try {
                    allowed.add(SlurmCoordinate.parse(entry.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
                }
            }
        }
        return new UnsignedAllowList(setting, allowed);
    }

    /** Whether the build {@code coordinate} may be used although its signature was refused. */
    public boolean allows(SlurmCoordinate coordinate) {
        return allowed.contains(coordinate);
    }

    /** The warning to log each time a refused build is used because it is listed. */
    public String warning(SlurmCoordinate coordinate, VerificationException refusal) {
        return "USING AN UNVERIFIED BUILD: " + coordinate + " failed signature verification (" + refusal.reason()
                + ": " + refusal.getMessage() + ") and is used only because "
                + setting + " lists " + coordinate.shortForm()
                + ". Its contents are not known to come from the Slurm Factory; remove it from that list for any "
                + "build that matters.";
    }
}
