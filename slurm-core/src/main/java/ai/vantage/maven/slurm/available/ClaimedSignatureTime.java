package ai.vantage.maven.slurm.available;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The creation time a detached signature claims, read without verifying it (that needs the tarball's bytes). For
 * display only: nothing trusts it.
 */
final class ClaimedSignatureTime {

    private ClaimedSignatureTime() {}

    /** The first signature's creation time, or empty when {@code asc} holds no readable signature. */
    static Optional<Instant> of(byte[] asc) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(asc))) {
            Object first = new BcPGPObjectFactory(in).nextObject();
            if (first instanceof PGPSignatureList list && !list.isEmpty()) {
                return Optional.of(list.get(0).getCreationTime().toInstant());
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
