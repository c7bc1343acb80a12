package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.config.SlurmSettings;
import ai.vantage.maven.slurm.io.Checksums;
import ai.vantage.maven.slurm.config.SlurmConfigurationKeys;
import ai.vantage.maven.slurm.layout.CacheLayout;
import ai.vantage.maven.slurm.layout.Toolchain;
import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier against keys and signatures made by real GnuPG, once for the class. */
class SignatureVerifierTest {

    private static final String ARTIFACT = "ai.vantage:slurm:25.11:tar.gz:noble";
    private static final long DAY = 86_400;

    @TempDir
    static Path dir;

    private static Gpg gpg;
    private static Path data;
    private static Path keys;

    private static String rsa;
    private static String rsaSubkey;
    private static String revokedSubkey;
    private static String ed25519;
    private static String ecdsa;
    private static String weak;
    private static String other;
    private static String expiring;
    private static String revoked;
    private static String fresh;

    private static Path rsaAsc;
    private static Path rsaBinarySig;
    private static Path subkeyAsc;
    private static Path revokedSubkeyAsc;
    private static Path ed25519Asc;
    private static Path ecdsaAsc;
    private static Path weakAsc;
    private static Path otherAsc;
    private static Path sha1Asc;
    private static Path afterExpiryAsc;
    private static Path beforeExpiryAsc;
    private static Path revokedAsc;
    private static Path beforeKeyAsc;
    private static Path futureAsc;
    private static Path textModeAsc;
    private static byte[] rsaBeforeSubkeyRevocation;

    @BeforeAll
    static void makeKeysAndSignatures() throws Exception {
        gpg = Gpg.start(dir);
        data = dir.resolve("slurm-25.11-noble.tar.gz");
        byte[] bytes = new byte[300_000];
        new Random(42).nextBytes(bytes);
        Files.write(data, bytes);
        long now = Instant.now().getEpochSecond();
        long past = now - 100 * DAY;

        rsa = gpg.generate("rsa@test", "rsa4096", "sign", "never", null);
        rsaSubkey = gpg.addSubkey(rsa, "ed25519", "sign");
        revokedSubkey = gpg.addSubkey(rsa, "ed25519", "sign");
        ed25519 = gpg.generate("ed25519@test", "ed25519", "sign", "never", null);
        ecdsa = gpg.generate("ecdsa@test", "nistp256", "sign", "never", null);
        weak = gpg.generate("weak@test", "rsa1024", "sign", "never", null);
        other = gpg.generate("other@test", "ed25519", "sign", "never", null);
        expiring = gpg.generate("expiring@test", "ed25519", "sign", "never", past);
        revoked = gpg.generate("revoked@test", "ed25519", "sign", "never", null);
        fresh = gpg.generate("fresh@test", "ed25519", "sign", "never", null);

        rsaAsc = gpg.sign(rsa, data, "rsa.asc", null);
        rsaBinarySig = gpg.sign(rsa, data, "rsa.sig", null, "--no-armor");
        subkeyAsc = gpg.sign(rsaSubkey, data, "subkey.asc", null);
        revokedSubkeyAsc = gpg.sign(revokedSubkey, data, "revoked-subkey.asc", null);
        ed25519Asc = gpg.sign(ed25519, data, "ed25519.asc", null);
        ecdsaAsc = gpg.sign(ecdsa, data, "ecdsa.asc", null);
        weakAsc = gpg.sign(weak, data, "weak.asc", null);
        otherAsc = gpg.sign(other, data, "other.asc", null);
        sha1Asc = gpg.sign(rsa, data, "sha1.asc", null, "--digest-algo", "SHA1");
        beforeExpiryAsc = gpg.sign(expiring, data, "before-expiry.asc", past + 1800);
        afterExpiryAsc = gpg.sign(expiring, data, "after-expiry.asc", past + 10 * DAY);
        gpg.setExpiry(expiring, "1d", past + 3600);
        revokedAsc = gpg.sign(revoked, data, "revoked.asc", null);
        textModeAsc = gpg.sign(rsa, data, "textmode.asc", null, "--textmode");
        gpg.revoke(revoked);
        rsaBeforeSubkeyRevocation = gpg.exportPublic(rsa);
        gpg.revokeSubkey(rsa, 2);
        beforeKeyAsc = gpg.sign(fresh, data, "before-key.asc", now - 10 * DAY);
        futureAsc = gpg.sign(fresh, data, "future.asc", now + DAY);

        keys = dir.resolve("keys.asc");
        Files.write(keys, gpg.exportPublic());
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
    }

    private static SignatureVerifier verifier(String... pinned) {
        return SignatureVerifier.builder(TrustedKeys.of(List.of(pinned))).keyFiles(List.of(keys)).build();
    }

    private static VerificationResult verify(SignatureVerifier verifier, Path asc) throws Exception {
        try (InputStream in = Files.newInputStream(asc)) {
            return verifier.verify(ARTIFACT, data, in, (bytes, off, len) -> {});
        }
    }

    private static VerificationException refused(SignatureVerifier verifier, Path asc, Reason reason) {
        VerificationException e = assertThrows(VerificationException.class, () -> verify(verifier, asc));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(ARTIFACT, e.artifact());
        assertTrue(e.getMessage().contains(ARTIFACT), e.getMessage());
        return e;
    }

    @Test
    void rsa4096PrimaryKeySignatureVerifies() throws Exception {
        VerificationResult result = verify(verifier(rsa), rsaAsc);

        assertEquals(rsa, result.primaryFingerprint());
        assertEquals(rsa, result.signerFingerprint());
        assertFalse(result.bySubkey());
        assertTrue(result.hashAlgorithm().startsWith("SHA"), result.hashAlgorithm());
        assertTrue(Duration.between(result.signatureTime(), Instant.now()).abs().toMinutes() < 60);
    }

    @Test
    void theFilesDigestComesFromTheVerifyingRead() throws Exception {
        Checksums sha256 = new Checksums(List.of("sha256"));
        try (InputStream in = Files.newInputStream(rsaAsc)) {
            verifier(rsa).verify(ARTIFACT, data, in, sha256::update);
        }

        assertEquals(Checksums.sha256(data), sha256.hex().get("sha256"));
    }

    @Test
    void binaryDetachedSignatureVerifies() throws Exception {
        assertEquals(rsa, verify(verifier(rsa), rsaBinarySig).primaryFingerprint());
    }

    @Test
    void ed25519AndEcdsaSignaturesVerify() throws Exception {
        assertEquals(ed25519, verify(verifier(ed25519), ed25519Asc).signerFingerprint());
        assertEquals(ecdsa, verify(verifier(ecdsa), ecdsaAsc).signerFingerprint());
    }

    @Test
    void signingSubkeyOfPinnedPrimaryCounts() throws Exception {
        VerificationResult result = verify(verifier(rsa), subkeyAsc);

        assertEquals(rsaSubkey, result.signerFingerprint());
        assertEquals(rsa, result.primaryFingerprint());
        assertTrue(result.bySubkey());
    }

    @Test
    void tamperedByteIsABadSignature() throws Exception {
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        SignatureCheck check;
        try (InputStream asc = Files.newInputStream(rsaAsc)) {
            check = verifier(rsa).begin(ARTIFACT, asc);
        }
        check.update(bytes, 0, bytes.length);

        VerificationException e = assertThrows(VerificationException.class, check::finish);
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertEquals(rsa, e.keyFingerprint());
        assertTrue(e.getMessage().contains(ARTIFACT) && e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void truncatedDataIsABadSignature() throws Exception {
        SignatureCheck check;
        try (InputStream asc = Files.newInputStream(ed25519Asc)) {
            check = verifier(ed25519).begin(ARTIFACT, asc);
        }
        byte[] bytes = Files.readAllBytes(data);
        check.update(bytes, 0, bytes.length - 1);

        assertEquals(Reason.BAD_SIGNATURE, assertThrows(VerificationException.class, check::finish).reason());
    }

    @Test
    void unpinnedKeyIsUntrustedEvenWithItsKeyMaterial() {
        VerificationException e = refused(verifier(rsa), otherAsc, Reason.UNTRUSTED_KEY);

        assertEquals(other, e.keyFingerprint());
        assertTrue(e.getMessage().contains("-Dslurm.pgp.fingerprints=" + other), e.getMessage());
        assertTrue(e.getMessage().contains(".mvn/maven.config"), e.getMessage());
    }

    @Test
    void unpinnedKeyWithoutKeyMaterialIsNamedByItsIssuerFingerprint() throws Exception {
        Path onlyRsa = dir.resolve("only-rsa.asc");
        Files.write(onlyRsa, gpg.exportPublic(rsa));
        SignatureVerifier verifier =
                SignatureVerifier.builder(TrustedKeys.of(List.of(rsa))).keyFiles(List.of(onlyRsa)).build();

        VerificationException e = refused(verifier, otherAsc, Reason.UNTRUSTED_KEY);
        assertEquals(other, e.keyFingerprint());
    }

    @Test
    void pinningASubkeyInsteadOfItsPrimaryKeyTrustsNothing() {
        VerificationException e = refused(verifier(rsaSubkey), subkeyAsc, Reason.UNTRUSTED_KEY);

        assertEquals(rsa, e.keyFingerprint());
        assertTrue(e.getMessage().contains("a subkey of primary key " + rsa), e.getMessage());
    }

    @Test
    void pinnedKeyWithoutKeyMaterialIsUnknown() {
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa)))
                .keyCache(dir.resolve("empty-cache"))
                .build();

        VerificationException e = refused(verifier, rsaAsc, Reason.UNKNOWN_KEY);
        assertEquals(rsa, e.keyFingerprint());
        assertTrue(e.getMessage().contains("slurm.pgp.keys"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("empty-cache").toString()), e.getMessage());
    }

    @Test
    void signatureAfterKeyExpiredIsRefused() {
        VerificationException e = refused(verifier(expiring), afterExpiryAsc, Reason.KEY_EXPIRED);

        assertEquals(expiring, e.keyFingerprint());
    }

    @Test
    void signatureMadeBeforeKeyExpiredStillVerifies() throws Exception {
        assertEquals(expiring, verify(verifier(expiring), beforeExpiryAsc).primaryFingerprint());
    }

    @Test
    void revokedKeyIsRefused() {
        assertEquals(revoked, refused(verifier(revoked), revokedAsc, Reason.KEY_REVOKED).keyFingerprint());
    }

    @Test
    void revokedSubkeyIsRefusedWhileTheOtherSubkeyVerifies() throws Exception {
        assertEquals(revokedSubkey, refused(verifier(rsa), revokedSubkeyAsc, Reason.KEY_REVOKED).keyFingerprint());
        assertEquals(rsaSubkey, verify(verifier(rsa), subkeyAsc).signerFingerprint());
    }

    @Test
    void sha1SignatureIsWeak() {
        VerificationException e = refused(verifier(rsa), sha1Asc, Reason.WEAK_HASH);

        assertTrue(e.getMessage().contains("SHA1") || e.getMessage().contains("SHA-1"), e.getMessage());
    }

    @Test
    void rsa1024KeyIsWeak() {
        VerificationException e = refused(verifier(weak), weakAsc, Reason.WEAK_KEY);

        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void signatureBeforeKeyCreationIsRefused() {
        refused(verifier(fresh), beforeKeyAsc, Reason.SIGNATURE_BEFORE_KEY);
    }

    @Test
    void signatureInTheFutureIsRefusedUntilItsTimeComes() throws Exception {
        refused(verifier(fresh), futureAsc, Reason.SIGNATURE_IN_FUTURE);

        SignatureVerifier tomorrow = SignatureVerifier.builder(TrustedKeys.of(List.of(fresh)))
                .keyFiles(List.of(keys))
                .clock(Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC))
                .build();
        assertEquals(fresh, verify(tomorrow, futureAsc).signerFingerprint());
    }

    @Test
    void garbageIsNotASignature() throws Exception {
        Path garbage = dir.resolve("garbage.asc");
        Files.writeString(garbage, "<html><body>404 Not Found</body></html>\n");
        Path binary = dir.resolve("binary.asc");
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        Files.write(binary, noise);
        Path empty = Files.write(dir.resolve("empty.asc"), new byte[0]);

        for (Path asc : List.of(garbage, binary, empty)) {
            VerificationException e = refused(verifier(rsa), asc, Reason.NOT_A_SIGNATURE);
            assertNull(e.keyFingerprint());
        }
    }

    @Test
    void publicKeyOrClearsignedMessageIsNotASignature() throws Exception {
        VerificationException key = refused(verifier(rsa), keys, Reason.NOT_A_SIGNATURE);
        assertTrue(key.getMessage().contains("public key"), key.getMessage());

        Path clearsigned = dir.resolve("clearsigned.asc");
        gpg.run(List.of("-u", rsa + "!", "--output", clearsigned.toString(), "--clearsign", keys.toString()));
        VerificationException message = refused(verifier(rsa), clearsigned, Reason.NOT_A_SIGNATURE);
        assertTrue(message.getMessage().contains("clearsigned"), message.getMessage());
    }

    @Test
    void clearsignedTextWithDashesAndTrailingBlanksVerifies() throws Exception {
        String text = "{\"spec\": 1}\n- a line starting with a dash\n-----five dashes\ntrailing blanks   \t\n\nlast\n";
        Path plain = Files.writeString(dir.resolve("spec.json"), text);
        Path clearsigned = dir.resolve("spec.json.sig");
        gpg.run(List.of("-u", ed25519 + "!", "--output", clearsigned.toString(), "--clearsign", plain.toString()));

        ClearsignedText signed;
        try (InputStream in = Files.newInputStream(clearsigned)) {
            signed = verifier(ed25519).verifyClearsigned("spec", in);
        }
        assertEquals(text, signed.text());
        assertEquals(ed25519, signed.signature().signerFingerprint());

        byte[] tampered = Files.readString(clearsigned).replace("last", "lost").getBytes(StandardCharsets.UTF_8);
        VerificationException e = assertThrows(VerificationException.class,
                () -> verifier(ed25519).verifyClearsigned("spec", new ByteArrayInputStream(tampered)));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void noSignatureNamesTheArtifactAndTheOptOut() {
        VerificationException e = VerificationException.noSignature(ARTIFACT, "https://cache/x.tar.gz.asc");

        assertEquals(Reason.NO_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains(ARTIFACT) && e.getMessage().contains("https://cache/x.tar.gz.asc"));
        assertTrue(e.getMessage().contains("slurm.pgp.allowUnsigned"), e.getMessage());
    }

    @Test
    void remoteKeyIsCachedForOfflineUse() throws Exception {
        Path cache = dir.resolve("offline-cache");
        byte[] material = gpg.exportPublic(ed25519);
        int[] fetches = {0};
        KeySource remote = source("remote", fingerprint -> {
            fetches[0]++;
            return fingerprint.equals(ed25519) ? material : null;
        });
        SignatureVerifier online = SignatureVerifier.builder(TrustedKeys.of(List.of(ed25519)))
                .keyCache(cache).remoteKeys(remote).build();

        verify(online, ed25519Asc);
        verify(online, ed25519Asc);
        assertEquals(1, fetches[0]);
        assertTrue(Files.isRegularFile(cache.resolve(ed25519 + ".asc")));

        KeySource down = source("down", fingerprint -> {
            throw new IOException("network is down");
        });
        SignatureVerifier offline = SignatureVerifier.builder(TrustedKeys.of(List.of(ed25519)))
                .keyCache(cache).remoteKeys(down).build();
        assertEquals(ed25519, verify(offline, ed25519Asc).primaryFingerprint());
    }

    @Test
    void remoteKeyMaterialGrantsNoTrust() throws Exception {
        byte[] otherMaterial = gpg.exportPublic(other);
        Path cache = dir.resolve("untrusted-cache");
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa)))
                .keyCache(cache)
                .remoteKeys(source("evil", fingerprint -> otherMaterial))
                .build();

        VerificationException e = refused(verifier, otherAsc, Reason.UNKNOWN_KEY);
        assertTrue(e.getMessage().contains("does not hold primary key " + rsa), e.getMessage());
        assertFalse(Files.exists(cache.resolve(other + ".asc")));
    }

    @Test
    void failingRemoteSourceIsReported() {
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa)))
                .remoteKeys(source("the cache", fingerprint -> {
                    throw new IOException("connection refused");
                }))
                .build();

        VerificationException e = refused(verifier, rsaAsc, Reason.UNKNOWN_KEY);
        assertTrue(e.getMessage().contains("the cache: connection refused"), e.getMessage());
    }

    @Test
    void missingKeyFileIsReported() {
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa)))
                .keyFiles(List.of(dir.resolve("nope.asc")))
                .build();

        VerificationException e = refused(verifier, rsaAsc, Reason.UNKNOWN_KEY);
        assertTrue(e.getMessage().contains("nope.asc (slurm.pgp.keys) does not exist"), e.getMessage());
    }

    @Test
    void keyFileWithPrivateKeysIsRefused() throws Exception {
        Path armored = dir.resolve("secret.asc");
        gpg.run(List.of("--armor", "--output", armored.toString(), "--export-secret-keys", ed25519));
        Path binary = dir.resolve("secret.gpg");
        gpg.run(List.of("--output", binary.toString(), "--export-secret-keys", ed25519));

        for (Path file : List.of(armored, binary)) {
            IOException e = assertThrows(IOException.class, () -> KeySources.files(List.of(file)).find(ed25519));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            SignatureVerifier verifier =
                    SignatureVerifier.builder(TrustedKeys.of(List.of(ed25519))).keyFiles(List.of(file)).build();
            refused(verifier, ed25519Asc, Reason.UNKNOWN_KEY);
        }
    }

    @Test
    void keyFileWithAPublicAndAPrivateBlockIsRefused() throws Exception {
        Path mixed = dir.resolve("public-and-secret.asc");
        gpg.run(List.of("--armor", "--output", mixed.toString(), "--export-secret-keys", ed25519));
        Files.write(mixed, (new String(gpg.exportPublic(ed25519), StandardCharsets.US_ASCII) + "\n"
                + Files.readString(mixed)).getBytes(StandardCharsets.US_ASCII));

        IOException e = assertThrows(IOException.class, () -> KeySources.files(List.of(mixed)).find(ed25519));
        assertTrue(e.getMessage().contains(mixed.toString()) && e.getMessage().contains("PRIVATE key"), e.getMessage());
        refused(SignatureVerifier.builder(TrustedKeys.of(List.of(ed25519))).keyFiles(List.of(mixed)).build(),
                ed25519Asc, Reason.UNKNOWN_KEY);
    }

    @Test
    void keyFileWithASecretKeyExportUnderAnotherArmorHeaderIsRefused() throws Exception {
        String secret = gpg.run(List.of("--armor", "--export-secret-keys", ed25519));
        assertTrue(secret.contains("PGP PRIVATE KEY BLOCK"), secret);
        String publicKey = new String(gpg.exportPublic(ed25519), StandardCharsets.US_ASCII);

        for (String label : List.of("PGP SECRET KEY BLOCK", "PGP PUBLIC KEY BLOCK")) {
            Path relabelled = dir.resolve("relabelled-" + label.split(" ")[1] + ".asc");
            Files.writeString(relabelled, publicKey + "\n" + secret.replace("PGP PRIVATE KEY BLOCK", label));

            IOException e = assertThrows(IOException.class, () -> KeySources.files(List.of(relabelled)).find(ed25519));
            assertTrue(e.getMessage().contains(relabelled.toString()) && e.getMessage().contains("PRIVATE key")
                    && e.getMessage().contains("secret key packet"), e.getMessage());
            refused(SignatureVerifier.builder(TrustedKeys.of(List.of(ed25519))).keyFiles(List.of(relabelled)).build(),
                    ed25519Asc, Reason.UNKNOWN_KEY);
        }
    }

    @Test
    void remoteKeyFloodAddsNothingToTheOfflineCache() throws Exception {
        Path cache = dir.resolve("flooded-cache");
        PGPPublicKeyRing genuine = KeyMaterial.parse(gpg.exportPublic(rsa)).get(0);
        byte[] otherMaterial = gpg.exportPublic(other);
        PGPSignature foreign = KeyMaterial.parse(otherMaterial).get(0).getPublicKey().getSignatures().next();
        int[] fetches = {0};
        KeySource flooding = source("a flooding cache", fingerprint -> {
            fetches[0]++;
            PGPPublicKey primary = genuine.getPublicKey();
            for (int i = 0; i < 50; i++) { // new junk every time: user ids and certifications nobody made
                primary = PGPPublicKey.addCertification(primary, "junk " + fetches[0] + "-" + i, foreign);
            }
            primary = PGPPublicKey.addCertification(primary, genuine.getPublicKey().getUserIDs().next(), foreign);
            byte[] junk = KeyMaterial.armor(PGPPublicKeyRing.insertPublicKey(genuine, primary));
            byte[] material = new byte[junk.length + otherMaterial.length];
            System.arraycopy(junk, 0, material, 0, junk.length);
            System.arraycopy(otherMaterial, 0, material, junk.length, otherMaterial.length);
            return material;
        });
        SignatureVerifier verifier =
                SignatureVerifier.builder(TrustedKeys.of(List.of(rsa))).keyCache(cache).remoteKeys(flooding).build();

        assertEquals(rsaSubkey, verify(verifier, subkeyAsc).signerFingerprint());
        Path cached = cache.resolve(rsa + ".asc");
        byte[] first = Files.readAllBytes(cached);
        Files.setLastModifiedTime(cached, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        for (int i = 0; i < 5; i++) { // a key id the ring lacks sends every lookup to the remote source again
            refused(verifier, otherAsc, Reason.UNTRUSTED_KEY);
        }

        assertEquals(6, fetches[0]);
        assertArrayEquals(first, Files.readAllBytes(cached));
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), Files.getLastModifiedTime(cached).toInstant(),
                "material that adds nothing is not written");
        List<PGPPublicKeyRing> stored = KeyMaterial.parse(first);
        assertEquals(1, stored.size(), "only the pinned key's ring");
        PGPPublicKey primary = stored.get(0).getPublicKey();
        assertEquals(List.of(genuine.getPublicKey().getUserIDs().next()), list(primary.getUserIDs()));
        for (PGPPublicKey key : list(stored.get(0).getPublicKeys())) {
            for (PGPSignature sig : list(key.getSignatures())) {
                assertEquals(primary.getKeyID(), sig.getKeyID(), "only signatures the pinned key made itself");
            }
        }
        assertEquals(revokedSubkey, refused(SignatureVerifier.builder(TrustedKeys.of(List.of(rsa))).keyCache(cache)
                .build(), revokedSubkeyAsc, Reason.KEY_REVOKED).keyFingerprint(), "its own revocations are kept");
    }

    @Test
    void offlineCacheCopyHasASizeBound() throws Exception {
        Path cache = dir.resolve("bounded-cache");
        PGPPublicKeyRing genuine = KeyMaterial.parse(gpg.exportPublic(rsa)).get(0);
        PGPSignature sig = genuine.getPublicKey().getSignatures().next();
        PGPPublicKey primary = genuine.getPublicKey();
        for (int i = 0; i < 1000; i++) {
            primary = PGPPublicKey.addCertification(primary, "padding " + i + " " + "x".repeat(200), sig);
        }
        PGPPublicKeyRing padded = PGPPublicKeyRing.insertPublicKey(genuine, primary);
        KeyCacheDirectory directory = new KeyCacheDirectory(cache);

        IOException e = assertThrows(IOException.class, () -> directory.store(rsa, padded));
        assertTrue(e.getMessage().contains(KeyCacheDirectory.MAX_KEY_BYTES / 1024 + " KiB"), e.getMessage());
        assertFalse(Files.exists(cache.resolve(rsa + ".asc")));
        directory.store(rsa, genuine);
        assertTrue(Files.size(cache.resolve(rsa + ".asc")) < KeyCacheDirectory.MAX_KEY_BYTES);
    }

    private static <T> List<T> list(java.util.Iterator<T> items) {
        List<T> all = new java.util.ArrayList<>();
        items.forEachRemaining(all::add);
        return all;
    }

    @Test
    void textModeSignatureOfATarballIsRefused() {
        VerificationException e = refused(verifier(rsa), textModeAsc, Reason.NOT_A_SIGNATURE);
        assertTrue(e.getMessage().contains("0x01") && e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void cachedRevocationSurvivesAnOlderCopyServedLater() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("revocation-cache"));
        Files.write(cache.resolve(rsa + ".asc"), gpg.exportPublic(rsa));
        KeySource stale = source("a stale cache", fingerprint -> fingerprint.equals(rsa) ? rsaBeforeSubkeyRevocation
                : null);
        SignatureVerifier online =
                SignatureVerifier.builder(TrustedKeys.of(List.of(rsa))).keyCache(cache).remoteKeys(stale).build();
        // a signature by a key id the cached ring lacks sends the lookup to the remote source, which serves the old copy
        refused(online, otherAsc, Reason.UNTRUSTED_KEY);
        refused(online, revokedSubkeyAsc, Reason.KEY_REVOKED);

        SignatureVerifier offline = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa))).keyCache(cache).build();
        assertEquals(revokedSubkey, refused(offline, revokedSubkeyAsc, Reason.KEY_REVOKED).keyFingerprint());
        assertEquals(rsaSubkey, verify(offline, subkeyAsc).signerFingerprint(), "the other subkey still verifies");
    }

    @Test
    void oneOfSeveralPinnedKeysSuffices() throws Exception {
        SignatureVerifier verifier = verifier(rsa, ed25519);

        assertEquals(rsa, verify(verifier, rsaAsc).primaryFingerprint());
        assertEquals(ed25519, verify(verifier, ed25519Asc).primaryFingerprint());
    }

    @Test
    void signatureAscIsReadInFull() throws Exception {
        byte[] asc = Files.readAllBytes(rsaAsc);
        byte[] padded = new byte[asc.length + SignatureVerifier.MAX_SIGNATURE_BYTES];
        System.arraycopy(asc, 0, padded, 0, asc.length);
        java.util.Arrays.fill(padded, asc.length, padded.length, (byte) '\n');

        VerificationException e = assertThrows(VerificationException.class,
                () -> verifier(rsa).begin(ARTIFACT, new ByteArrayInputStream(padded)));
        assertEquals(Reason.NOT_A_SIGNATURE, e.reason());
        assertTrue(new String(asc, StandardCharsets.US_ASCII).contains("BEGIN PGP SIGNATURE"));
    }

    @Test
    void pinnedKeyFromASpackMirrorVerifiesAndIsCached() throws Exception {
        byte[] material = gpg.exportPublic(rsa);
        String checksum = Checksums.of(material).get("sha256");
        Map<String, byte[]> site = Map.of(
                CacheLayout.keyManifestKey(Toolchain.NOBLE, rsa),
                ("{\"version\":3,\"data\":[{\"mediaType\":\"application/pgp-keys\",\"checksumAlgorithm\":\"sha256\","
                        + "\"checksum\":\"" + checksum + "\"}]}").getBytes(StandardCharsets.UTF_8),
                CacheLayout.blobKey(Toolchain.NOBLE, "sha256", checksum), material);
        Path cache = dir.resolve("spack-cache");
        SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(rsa)))
                .keyCache(cache)
                .remoteKeys(KeySources.spackMirrors(List.of(Toolchain.NOBLE), "https://cache.test/",
                        key -> Optional.ofNullable(site.get(key))))
                .build();

        assertEquals(rsaSubkey, verify(verifier, subkeyAsc).signerFingerprint());
        assertTrue(Files.isRegularFile(cache.resolve(rsa + ".asc")));
    }

    @Test
    void configuredFromTheBuildSettings() throws Exception {
        Path repository = dir.resolve("local-repository");
        SlurmSettings settings = SlurmSettings.of(Map.of("slurm.pgp.fingerprints", ed25519.toLowerCase(),
                "slurm.pgp.keys", keys.getFileName().toString(), SlurmSettings.PROJECT_DIRECTORY, dir.toString()),
                repository);
        assertEquals(ed25519, verify(settings.verifier(null), ed25519Asc).primaryFingerprint());

        SignatureVerifier defaults = SlurmSettings.of(Map.of("slurm.pgp.keys", keys.toString()), repository)
                .verifier(null);
        assertEquals(List.of(SlurmConfigurationKeys.DEFAULT_PGP_FINGERPRINTS), defaults.trusted().fingerprints());
        refused(defaults, ed25519Asc, Reason.UNTRUSTED_KEY);
    }

    private interface Lookup {
        byte[] find(String fingerprint) throws IOException;
    }

    private static KeySource source(String description, Lookup lookup) {
        return new KeySource() {
            @Override
            public Optional<byte[]> find(String fingerprint) throws IOException {
                return Optional.ofNullable(lookup.find(fingerprint));
            }

            @Override
            public String description() {
                return description;
            }
        };
    }
}
