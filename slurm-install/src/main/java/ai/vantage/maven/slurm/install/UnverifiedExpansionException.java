package ai.vantage.maven.slurm.install;

import java.io.IOException;
import java.util.Locale;

/**
 * An unpack stopped at the bound of unverified bytes: the tree would have grown beyond max(64 MiB, 50 × the compressed
 * bytes read so far) before their signature could be checked. Not a refusal: the bytes may still verify.
 */
public final class UnverifiedExpansionException extends IOException {

    private static final long serialVersionUID = 1L;

    UnverifiedExpansionException(long unpacked, long compressed, long bound) {
        super("Stopped unpacking at " + mib(unpacked) + " from " + mib(compressed) + " received: bytes not verified"
                + " yet may expand to at most " + mib(bound) + " (the larger of "
                + SafeTarExtractor.UNVERIFIED_FLOOR / (1024 * 1024) + " MiB and " + SafeTarExtractor.UNVERIFIED_RATIO
                + " times the compressed bytes)");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
