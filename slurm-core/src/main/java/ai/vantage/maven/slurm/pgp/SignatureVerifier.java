package ai.vantage.maven.slurm.pgp;

import ai.vantage.maven.slurm.io.ObservedInputStream;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Verifies detached OpenPGP signatures ({@code .asc}) of artifacts against the pinned keys. Everything that needs
 * only the signature and the key is checked in {@link #begin}, before the data flows; the data is then hashed as it
 * streams through a {@link SignatureCheck} and never held in memory. Safe for concurrent use; one per session.
 */
public final class SignatureVerifier {

    /** The largest {@code .asc} read; real detached signatures are well under 2 KiB. */
    public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    /** The largest clearsigned document read. */
    static final int MAX_CLEARSIGNED_BYTES = 16 * 1024 * 1024;

    private static final String CLEARSIGNED_HEADER = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final Pattern TRAILING_BLANKS = Pattern.compile("[ \t]+$");
    private static final int BUFFER = 64 * 1024;

    private final TrustedKeys trusted;
    private final KeyRing keys;
    private final Clock clock;

    private SignatureVerifier(Builder builder) {
        this.trusted = builder.trusted;
        this.keys = new KeyRing(builder.keyFiles.isEmpty() ? List.of() : List.of(KeySources.files(builder.keyFiles)),
                builder.keyCache == null ? null : new KeyCacheDirectory(builder.keyCache), builder.remote);
        this.clock = builder.clock;
    }

    /** A verifier trusting exactly {@code trusted}. */
    public static Builder builder(TrustedKeys trusted) {
        return new Builder(trusted);
    }

    /** The pinned keys. */
    public TrustedKeys trusted() {
        return trusted;
    }

    /**
     * Reads the signature and checks everything but the data: it is a detached signature, its key is pinned (or a
     * signing subkey bound to a pinned key) and was valid when it signed, hash and key are strong, its time is
     * plausible. Looks keys up in the sources (key files, offline cache, remote sources) as needed.
     *
     * @param artifact the artifact's display name, used in every message
     * @param asc the {@code .asc}, armored or binary; read fully (it is small) but not closed
     * @return the check to feed the artifact's bytes through
     * @throws VerificationException when the signature cannot be trusted, whatever the data
     * @throws IOException when {@code asc} cannot be read
     */
    public SignatureCheck begin(String artifact, InputStream asc) throws VerificationException, IOException {
        Objects.requireNonNull(artifact, "artifact");
        return check(artifact, documentSignatures(artifact, readSignature(artifact, asc), PGPSignature.BINARY_DOCUMENT));
    }

    /**
     * Verifies a clearsigned document ({@code gpg --clearsign}), such as a signed Spack spec manifest, with the same
     * rules as a detached signature.
     *
     * @param artifact the document's display name, used in every message
     * @param clearsigned the whole document, at most 16 MiB; read fully but not closed
     * @return the signed text (line endings as in the document, dash-escaping removed) and the signature
     * @throws VerificationException when it is not a clearsigned document or its signature is refused
     */
    public ClearsignedText verifyClearsigned(String artifact, InputStream clearsigned)
            throws VerificationException, IOException {
        byte[] bytes = clearsigned.readNBytes(MAX_CLEARSIGNED_BYTES + 1);
        if (bytes.length > MAX_CLEARSIGNED_BYTES) {
            throw notASignature(artifact, "it is larger than " + MAX_CLEARSIGNED_BYTES / (1024 * 1024) + " MiB", null);
        }
        if (!new String(bytes, StandardCharsets.ISO_8859_1).stripLeading().startsWith(CLEARSIGNED_HEADER)) {
            throw notASignature(artifact, "it is not a clearsigned message (" + CLEARSIGNED_HEADER + ")", null);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<PGPSignature> signatures;
        try {
            ArmoredInputStream armored = ArmoredInputStream.builder().build(new ByteArrayInputStream(bytes));
            for (int c = armored.read(); c >= 0 && armored.isClearText(); c = armored.read()) {
                text.write(c);
            }
            signatures = documentSignatures(artifact, new BcPGPObjectFactory(armored).nextObject(),
                    PGPSignature.CANONICAL_TEXT_DOCUMENT);
        } catch (IOException | RuntimeException e) {
            throw notASignature(artifact, "its signature block cannot be read (" + e.getMessage() + ")", e);
        }
        String clear = text.toString(StandardCharsets.UTF_8);
        SignatureCheck check = check(artifact, signatures);
        byte[] canonical = canonicalText(clear).getBytes(StandardCharsets.UTF_8);
        check.update(canonical, 0, canonical.length);
        return new ClearsignedText(clear.endsWith("\n") ? clear : clear + "\n", check.finish());
    }

    /** The signed form of clear text: trailing blanks of each line dropped, lines joined by CR LF, no final one. */
    private static String canonicalText(String clear) {
        String body = clear.replace("\r\n", "\n");
        if (body.endsWith("\n")) {
            body = body.substring(0, body.length() - 1);
        }
        return Arrays.stream(body.split("\n", -1))
                .map(line -> TRAILING_BLANKS.matcher(line).replaceAll(""))
                .collect(Collectors.joining("\r\n"));
    }

    private SignatureCheck check(String artifact, List<PGPSignature> signatures) throws VerificationException {
        Set<String> missing = new LinkedHashSet<>();
        List<String> tried = new ArrayList<>();
        for (PGPSignature signature : signatures) {
            long keyId = signature.getKeyID();
            String issuer = issuerFingerprint(signature);
            for (String pinned : trusted.fingerprints()) {
                KeyRing.Lookup lookup = keys.pinned(pinned, keyId);
                tried.addAll(lookup.tried());
                if (lookup.ring().isEmpty()) {
                    missing.add(pinned);
                    continue;
                }
                PGPPublicKeyRing ring = lookup.ring().get();
                PGPPublicKey signer = ring.getPublicKey(keyId);
                if (signer != null && (issuer == null || issuer.equals(KeyMaterial.fingerprint(signer)))) {
                    return start(artifact, signature, ring, signer);
                }
            }
        }
        throw unknownSigner(artifact, signatures.get(0), missing, tried);
    }

    /**
     * {@link #begin} then the file's bytes, streamed once; {@code alsoSees} sees each byte too (a digest of the same
     * read), but only when the signature could be checked at all: a signature refused before the data leaves the
     * file unread.
     */
    public VerificationResult verify(String artifact, Path file, InputStream asc, ObservedInputStream.Observer alsoSees)
            throws VerificationException, IOException {
        SignatureCheck check = begin(artifact, asc);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                check.update(buffer, 0, n);
                alsoSees.update(buffer, 0, n);
            }
        }
        return check.finish();
    }

    private SignatureCheck start(String artifact, PGPSignature signature, PGPPublicKeyRing ring, PGPPublicKey signer)
            throws VerificationException {
        synchronized (ring) { // checking self-signatures initialises the ring's shared signature objects
            new SigningKeyPolicy(artifact).check(signature, ring, signer, clock.instant());
        }
        String signerFingerprint = KeyMaterial.fingerprint(signer);
        try {
            initialise(signature, signer);
        } catch (PGPException e) {
            throw new VerificationException(Reason.NOT_A_SIGNATURE, artifact, signerFingerprint, "Refusing " + artifact
                    + ": its signature cannot be checked with key " + signerFingerprint + " (" + e.getMessage() + ")", e);
        }
        VerificationResult result = new VerificationResult(artifact, signerFingerprint,
                KeyMaterial.fingerprint(ring.getPublicKey()), signature.getCreationTime().toInstant(),
                SigningKeyPolicy.hashName(signature));
        return new SignatureCheck(signature, result);
    }

    /**
     * Prepares {@code signature} for the data with the JDK's own providers, whose digests use the CPU's SHA
     * instructions (several times faster than Bouncy Castle's pure-Java ones on a multi-GB tarball); falls back to
     * Bouncy Castle's implementation for what the JDK does not support (e.g. Brainpool curves).
     */
    private static void initialise(PGPSignature signature, PGPPublicKey signer) throws PGPException {
        try {
            signature.init(new JcaPGPContentVerifierBuilderProvider(), signer);
        } catch (PGPException | RuntimeException e) {
            signature.init(new BcPGPContentVerifierBuilderProvider(), signer);
        }
    }

    private VerificationException unknownSigner(
            String artifact, PGPSignature signature, Set<String> missing, List<String> tried) {
        String issuer = issuerFingerprint(signature);
        String signer = issuer != null ? issuer : KeyMaterial.keyId(signature.getKeyID());
        Optional<PGPPublicKeyRing> local = issuer == null ? Optional.empty() : keys.local(issuer);
        if (missing.isEmpty() || local.isPresent()) {
            String primary = local.map(r -> KeyMaterial.fingerprint(r.getPublicKey())).orElse(issuer);
            String named = primary == null
                    ? "key id " + signer + " (its signature does not name the full fingerprint; `gpg --list-packets` "
                            + "on the .asc shows it)"
                    : "key " + signer + (primary.equals(signer) ? "" : ", a subkey of primary key " + primary);
            String pin = primary == null ? "<fingerprint of its primary key>" : primary;
            return new VerificationException(Reason.UNTRUSTED_KEY, artifact, primary == null ? signer : primary,
                    "Refusing " + artifact + ": it is signed by " + named + ", which is not a trusted key (trusted: "
                            + trusted + "). Only if you trust that key, pin it: -Dslurm.pgp.fingerprints=" + pin
                            + " on the command line or in .mvn/maven.config (comma-separated with the keys already "
                            + "trusted). Key material alone never makes a key trusted.");
        }
        String lookedIn = tried.isEmpty()
                ? (keys.descriptions().isEmpty() ? "no key source is configured" : String.join("; ", keys.descriptions()))
                : String.join("; ", new LinkedHashSet<>(tried));
        String wanted = String.join(" ", missing);
        return new VerificationException(Reason.UNKNOWN_KEY, artifact, signer, "Refusing " + artifact
                + ": it is signed by key " + signer + ", and no public key material of the trusted key(s) "
                + String.join(", ", missing) + " was found to check it. Looked in: " + lookedIn
                + ". Supply the public key in a file: `gpg --export --armor " + wanted + " > slurm-key.asc`, then "
                + "-Dslurm.pgp.keys=slurm-key.asc (or in .mvn/maven.config).");
    }

    private static Object readSignature(String artifact, InputStream asc) throws VerificationException, IOException {
        byte[] bytes = asc.readNBytes(MAX_SIGNATURE_BYTES + 1);
        if (bytes.length > MAX_SIGNATURE_BYTES) {
            throw notASignature(artifact, "it is larger than " + MAX_SIGNATURE_BYTES / 1024 + " KiB", null);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1).stripLeading();
        if (text.isEmpty()) {
            throw notASignature(artifact, "it is empty", null);
        }
        if (text.startsWith("-----BEGIN PGP ")) {
            String header = text.lines().findFirst().orElse("").trim();
            if (!header.equals("-----BEGIN PGP SIGNATURE-----")) {
                throw notASignature(artifact, "it is " + armorKind(header), null);
            }
        }
        Object first;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            first = new BcPGPObjectFactory(in).nextObject();
        } catch (IOException | RuntimeException e) {
            throw notASignature(artifact, "it is not OpenPGP data (" + e.getMessage() + ")", e);
        }
        return first;
    }

    /** The signatures of type {@code type}: binary (0x00) for a detached file, canonical text (0x01) for clear text. */
    private static List<PGPSignature> documentSignatures(String artifact, Object first, int type)
            throws VerificationException {
        if (!(first instanceof PGPSignatureList list) || list.isEmpty()) {
            throw notASignature(artifact, first == null
                    ? "it holds no OpenPGP packet"
                    : "it holds " + first.getClass().getSimpleName().replace("PGP", "an OpenPGP ") + ", not a signature",
                    null);
        }
        List<PGPSignature> signatures = new ArrayList<>();
        for (PGPSignature signature : list) {
            if (signature.getSignatureType() == type) {
                signatures.add(signature);
            }
        }
        if (signatures.isEmpty()) {
            int found = list.get(0).getSignatureType();
            throw notASignature(artifact, found == PGPSignature.CANONICAL_TEXT_DOCUMENT
                    ? "it is a text-mode signature (type 0x01, gpg --textmode), which survives changed line endings; "
                            + "a file needs a binary signature (type 0x00, gpg --detach-sign)"
                    : "it holds a signature of type 0x" + Integer.toHexString(found) + ", not the "
                            + (type == PGPSignature.BINARY_DOCUMENT ? "binary (0x00)" : "text (0x01)")
                            + " signature of a document", null);
        }
        return signatures;
    }

    private static String armorKind(String header) {
        if (header.contains("SIGNED MESSAGE")) {
            return "a clearsigned message (gpg --clearsign), not a detached signature (gpg --detach-sign --armor)";
        }
        if (header.contains("PUBLIC KEY BLOCK")) {
            return "a public key, not a signature";
        }
        if (header.contains("PRIVATE KEY BLOCK")) {
            return "a PRIVATE key, not a signature (whoever published it should revoke that key)";
        }
        return "'" + header + "', not a detached signature";
    }

    private static VerificationException notASignature(String artifact, String why, Throwable cause) {
        return new VerificationException(Reason.NOT_A_SIGNATURE, artifact, null, "Refusing " + artifact
                + ": it has no usable OpenPGP signature: " + why, cause);
    }

    private static String issuerFingerprint(PGPSignature signature) {
        for (PGPSignatureSubpacketVector packets :
                new PGPSignatureSubpacketVector[] {signature.getHashedSubPackets(), signature.getUnhashedSubPackets()}) {
            IssuerFingerprint issuer = packets == null ? null : packets.getIssuerFingerprint();
            if (issuer != null && issuer.getFingerprint().length == 20) {
                return HexFormat.of().withUpperCase().formatHex(issuer.getFingerprint());
            }
        }
        return null;
    }

    /** Configures a {@link SignatureVerifier}. */
    public static final class Builder {

        private final TrustedKeys trusted;
        private List<Path> keyFiles = List.of();
        private Path keyCache;
        private final List<KeySource> remote = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(TrustedKeys trusted) {
            this.trusted = Objects.requireNonNull(trusted, "trusted");
        }

        /** Key files (armored or binary public keyrings), looked in first. */
        public Builder keyFiles(List<Path> files) {
            this.keyFiles = List.copyOf(files);
            return this;
        }

        /**
         * The offline key cache folder, looked in after the key files; a pinned key found in a remote source is
         * stored there as {@code <FINGERPRINT>.asc}.
         */
        public Builder keyCache(Path directory) {
            this.keyCache = directory;
            return this;
        }

        /** A remote key source (e.g. {@link KeySources#spackMirrors}), looked in last, in the order added. */
        public Builder remoteKeys(KeySource source) {
            this.remote.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The clock for "signature in the future"; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SignatureVerifier build() {
            return new SignatureVerifier(this);
        }
    }
}
