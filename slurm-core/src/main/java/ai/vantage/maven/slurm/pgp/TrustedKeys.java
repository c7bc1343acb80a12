package ai.vantage.maven.slurm.pgp;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pinned primary keys: full 40-hex-digit fingerprints. A signature is trusted only when it is made by one of
 * them or by a signing subkey bound to one of them; key material, wherever it comes from, grants no trust.
 */
public final class TrustedKeys {

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    private final List<String> fingerprints;

    private TrustedKeys(Set<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("At least one trusted key fingerprint is needed (slurm.pgp.fingerprints)");
        }
        this.fingerprints = List.copyOf(fingerprints);
    }

    /**
     * Parses a comma-separated list, as in {@code slurm.pgp.fingerprints}. Spaces inside a fingerprint (as GnuPG
     * prints it) and a {@code 0x} prefix are accepted; case does not matter.
     *
     * @throws IllegalArgumentException for an entry that is not a full 40-hex-digit fingerprint
     */
    public static TrustedKeys parse(String commaSeparated) {
        return of(List.of(commaSeparated.split(",")));
    }

    /** The given fingerprints, each in any form {@link #parse} accepts; blank entries are skipped. */
    public static TrustedKeys of(Collection<String> fingerprints) {
        Set<String> parsed = new LinkedHashSet<>();
        for (String entry : fingerprints) {
            String fingerprint = entry.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
            if (fingerprint.startsWith("0X")) {
                fingerprint = fingerprint.substring(2);
            }
            if (fingerprint.isEmpty()) {
                continue;
            }
            if (!FINGERPRINT.matcher(fingerprint).matches()) {
                throw new IllegalArgumentException("Trusted key '" + entry.trim() + "' is not a full fingerprint: "
                        + "slurm.pgp.fingerprints takes 40 hex digits per primary key (as `gpg --fingerprint` "
                        + "prints it), comma-separated; short and long key ids are not accepted");
            }
            parsed.add(fingerprint);
        }
        return new TrustedKeys(parsed);
    }

    /** The pinned fingerprints, upper case, in the order given. */
    public List<String> fingerprints() {
        return fingerprints;
    }

    /** Whether {@code fingerprint} (40 hex digits, any case) is pinned. */
    public boolean contains(String fingerprint) {
        return fingerprints.contains(fingerprint.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return String.join(",", fingerprints);
    }
}
