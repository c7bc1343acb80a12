package ai.vantage.maven.slurm.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/** Parsing and writing public key rings, and the fingerprint and key id forms used in messages. */
final class KeyMaterial {

    private static final Pattern ARMORED_BLOCK = Pattern.compile(
            "-----BEGIN PGP PUBLIC KEY BLOCK-----.*?-----END PGP PUBLIC KEY BLOCK-----", Pattern.DOTALL);

    private KeyMaterial() {}

    /**
     * The public key rings in armored (one or more blocks) or binary material.
     *
     * @throws IOException when it holds anything but public keys (secret keys included) or is not OpenPGP
     */
    static List<PGPPublicKeyRing> parse(byte[] material) throws IOException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        String text = new String(material, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
            throw new IOException("it holds PRIVATE key material (a PGP PRIVATE KEY BLOCK), so it is refused whatever "
                    + "else it holds: keep only the public key in it (gpg --export --armor <fingerprint>), and treat "
                    + "the private key as exposed");
        }
        if (text.stripLeading().startsWith("-----")) {
            Matcher block = ARMORED_BLOCK.matcher(text);
            while (block.find()) {
                rings.addAll(parseOne(block.group().getBytes(StandardCharsets.ISO_8859_1)));
            }
            if (rings.isEmpty()) {
                throw new IOException("no armored PGP PUBLIC KEY BLOCK in it (public keys only)");
            }
            return rings;
        }
        return parseOne(material);
    }

    private static List<PGPPublicKeyRing> parseOne(byte[] material) throws IOException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(material))) {
            PGPPublicKeyRingCollection collection = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            collection.getKeyRings().forEachRemaining(rings::add);
        } catch (PGPException | RuntimeException e) {
            throw new IOException("not OpenPGP public key material (" + e.getMessage() + ")", e);
        }
        if (rings.isEmpty()) {
            throw new IOException("it holds no public key");
        }
        return rings;
    }

    /** The ring in {@code rings} holding the key {@code fingerprint}, as primary key or subkey. */
    static Optional<PGPPublicKeyRing> ringWith(List<PGPPublicKeyRing> rings, String fingerprint) {
        for (PGPPublicKeyRing ring : rings) {
            for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
                if (fingerprint(keys.next()).equals(fingerprint)) {
                    return Optional.of(ring);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Both copies of one primary key's ring in one: every user id, certification, subkey, binding and revocation of
     * either is kept, so an older copy never makes a revocation disappear.
     */
    static PGPPublicKeyRing merge(PGPPublicKeyRing kept, PGPPublicKeyRing other) throws IOException {
        try {
            return PGPPublicKeyRing.join(kept, other);
        } catch (PGPException | IllegalArgumentException e) {
            throw new IOException("cannot merge two copies of key " + fingerprint(kept.getPublicKey()) + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The ring as an armored key block. */
    static byte[] armor(PGPPublicKeyRing ring) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(bytes)) {
            ring.encode(armored, true);
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    static String keyId(long keyId) {
        return String.format(Locale.ROOT, "%016X", keyId);
    }
}
