package ai.vantage.maven.slurm.pgp;

/**
 * The text of a clearsigned document whose signature verified.
 *
 * @param text the signed text, dash-escaping removed, ending with a line break
 * @param signature who signed it, when, with which hash
 */
public record ClearsignedText(String text, VerificationResult signature) {}
