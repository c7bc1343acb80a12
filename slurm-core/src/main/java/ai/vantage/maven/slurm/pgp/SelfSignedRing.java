package ai.vantage.maven.slurm.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.PacketFormat;
import org.bouncycastle.bcpg.UserIDPacket;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The part of a key ring its primary key made itself: the primary key with its direct-key signatures and
 * revocations, the user ids it certified with those certifications (and its revocations of them), and the subkeys
 * it bound with those bindings (and its revocations of them). Everything else a source may add (third-party
 * certifications, user ids or subkeys nobody bound, user attributes, signatures that do not verify) is left out: it is
 * never consulted, and anyone could make any amount of it.
 */
final class SelfSignedRing {

    private SelfSignedRing() {}

    /** The self-signed part of {@code ring}, re-read as a ring of its own. */
    static PGPPublicKeyRing of(PGPPublicKeyRing ring) throws IOException {
        PGPPublicKey primary = ring.getPublicKey();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BCPGOutputStream out = new BCPGOutputStream(bytes, PacketFormat.ROUNDTRIP)) {
            out.writePacket(primary.getPublicKeyPacket());
            for (PGPSignature sig : list(primary.getKeySignatures())) {
                int type = sig.getSignatureType();
                if ((type == PGPSignature.DIRECT_KEY || type == PGPSignature.KEY_REVOCATION)
                        && madeBy(sig, primary, () -> sig.verifyCertification(primary))) {
                    sig.encode(out);
                }
            }
            for (byte[] id : list(primary.getRawUserIDs())) {
                List<PGPSignature> certifications = new ArrayList<>();
                for (PGPSignature sig : list(primary.getSignaturesForID(id))) {
                    if ((SigningKeyPolicy.isCertification(sig)
                                    || sig.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION)
                            && madeBy(sig, primary, () -> sig.verifyCertification(id, primary))) {
                        certifications.add(sig);
                    }
                }
                if (!certifications.isEmpty()) {
                    out.writePacket(new UserIDPacket(id));
                    for (PGPSignature sig : certifications) {
                        sig.encode(out);
                    }
                }
            }
            for (PGPPublicKey subkey : list(ring.getPublicKeys())) {
                if (subkey.isMasterKey()) {
                    continue;
                }
                List<PGPSignature> bindings = new ArrayList<>();
                for (PGPSignature sig : list(subkey.getKeySignatures())) {
                    int type = sig.getSignatureType();
                    if ((type == PGPSignature.SUBKEY_BINDING || type == PGPSignature.SUBKEY_REVOCATION)
                            && madeBy(sig, primary, () -> sig.verifyCertification(primary, subkey))) {
                        bindings.add(sig);
                    }
                }
                if (!bindings.isEmpty()) {
                    out.writePacket(subkey.getPublicKeyPacket());
                    for (PGPSignature sig : bindings) {
                        sig.encode(out);
                    }
                }
            }
        }
        return new PGPPublicKeyRing(bytes.toByteArray(), new BcKeyFingerprintCalculator());
    }

    private static boolean madeBy(PGPSignature sig, PGPPublicKey primary, SigningKeyPolicy.Check check) {
        return sig.getKeyID() == primary.getKeyID() && SigningKeyPolicy.verifies(check, sig, primary);
    }

    private static <T> List<T> list(Iterator<T> items) {
        List<T> all = new ArrayList<>();
        items.forEachRemaining(all::add);
        return all;
    }
}
