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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/** Parsing and writing public key rings, and the fingerprint and key id forms used in messages. */
final class KeyMaterial {

    /** Any armored block, whatever its label says: the packets inside decide what it is. */
    private static final Pattern ARMORED_BLOCK = Pattern.compile(
            "-----BEGIN PGP [^\r\n]*?-----.*?-----END PGP [^\r\n]*?-----", Pattern.DOTALL);

    /** The packets a public key ring is made of; marker and padding packets are ignored, as OpenPGP says. */
    private static final Set<Integer> PUBLIC_KEY_PACKETS = Set.of(PacketTags.PUBLIC_KEY, PacketTags.PUBLIC_SUBKEY,
            PacketTags.USER_ID, PacketTags.USER_ATTRIBUTE, PacketTags.SIGNATURE, PacketTags.TRUST, PacketTags.MARKER,
            PacketTags.PADDING);

    private KeyMaterial() {}

    /**
     * The public key rings in armored (one or more blocks) or binary material. Every packet is read, whatever an
     * armor header claims: material holding a secret key or subkey packet anywhere is refused.
     *
     * @throws IOException when it holds anything but public keys (secret keys included) or is not OpenPGP
     */
    static List<PGPPublicKeyRing> parse(byte[] material) throws IOException {
        String text = new String(material, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN PGP ")) {
            return parseOne(material);
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        Matcher block = ARMORED_BLOCK.matcher(text);
        while (block.find()) {
            byte[] packets;
            try (InputStream in = ArmoredInputStream.builder()
                    .build(new ByteArrayInputStream(block.group().getBytes(StandardCharsets.ISO_8859_1)))) {
                packets = in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                throw new IOException("an armored block in it cannot be decoded (" + e.getMessage() + ")", e);
            }
            rings.addAll(parseOne(packets));
        }
        if (rings.isEmpty()) {
            throw new IOException("no complete armored block in it (-----BEGIN PGP ... -----END PGP ...)");
        }
        return rings;
    }

    private static List<PGPPublicKeyRing> parseOne(byte[] packets) throws IOException {
        refuseAllButPublicKeyPackets(packets);
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(packets)) {
            PGPPublicKeyRingCollection collection = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            collection.getKeyRings().forEachRemaining(rings::add);
        } catch (PGPException | RuntimeException e) {
            throw notPublicKeyMaterial(e);
        }
        if (rings.isEmpty()) {
            throw new IOException("it holds no public key");
        }
        return rings;
    }

    /** Reads {@code packets} one by one, refusing a secret key packet or any other that is not a key's. */
    private static void refuseAllButPublicKeyPackets(byte[] packets) throws IOException {
        BCPGInputStream in = new BCPGInputStream(new ByteArrayInputStream(packets));
        for (int tag = nextTag(in); tag >= 0; tag = nextTag(in)) {
            if (tag == PacketTags.SECRET_KEY || tag == PacketTags.SECRET_SUBKEY) {
                throw new IOException("it holds PRIVATE key material (a secret "
                        + (tag == PacketTags.SECRET_KEY ? "key" : "subkey") + " packet), so it is refused whatever "
                        + "else it holds or its armor header says: keep only the public key in it "
                        + "(gpg --export --armor <fingerprint>), and treat the private key as exposed");
            }
            if (!PUBLIC_KEY_PACKETS.contains(tag)) {
                throw new IOException("not OpenPGP public key material (it holds a packet of type " + tag
                        + "; public keys, user ids and signatures only)");
            }
            try {
                in.readPacket();
            } catch (IOException | RuntimeException e) {
                throw notPublicKeyMaterial(e);
            }
        }
    }

    private static int nextTag(BCPGInputStream in) throws IOException {
        try {
            return in.nextPacketTag();
        } catch (IOException | RuntimeException e) {
            throw notPublicKeyMaterial(e);
        }
    }

    private static IOException notPublicKeyMaterial(Exception e) {
        return new IOException("not OpenPGP public key material (" + e.getMessage() + ")", e);
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
