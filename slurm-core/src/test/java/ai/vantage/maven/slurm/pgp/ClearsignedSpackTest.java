package ai.vantage.maven.slurm.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.pgp.VerificationException.Reason;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clearsigned Spack documents: the real fixture pair, one as signed and one altered after signing. */
class ClearsignedSpackTest {

    private static final String SPACK_TEST_KEY = "E89D4971F0097B1E7A3EB57371B484802E78D7CD";
    private static final String AS_SIGNED =
            "test-debian6-core2-gcc-10.2.1-libelf-0.8.13-rqh2vuf6fqwkmipzgi2wjx352mq7y7ez.spec.json.sig";

    private final Path fixture = KeySourcesTest.spackFixture();
    private final SignatureVerifier verifier = SignatureVerifier.builder(TrustedKeys.of(List.of(SPACK_TEST_KEY)))
            .keyFiles(List.of(fixture.resolve("_pgp/" + SPACK_TEST_KEY + ".pub")))
            .build();

    @Test
    void specAsSignedVerifies() throws Exception {
        ClearsignedText signed;
        try (InputStream in = Files.newInputStream(fixture.resolve(AS_SIGNED))) {
            signed = verifier.verifyClearsigned("libelf spec", in);
        }

        assertEquals(SPACK_TEST_KEY, signed.signature().primaryFingerprint());
        assertEquals("SHA512", signed.signature().hashAlgorithm());
        assertTrue(signed.text().startsWith("{\n\"spec\":{"), signed.text());
        assertTrue(signed.text().contains("builtin.mock") && !signed.text().contains("-----"), signed.text());
    }

    @Test
    void specAlteredAfterSigningIsABadSignature() throws Exception {
        try (InputStream in = Files.newInputStream(fixture.resolve("libelf-as-stored-upstream.spec.json.sig"))) {
            VerificationException e =
                    assertThrows(VerificationException.class, () -> verifier.verifyClearsigned("libelf spec", in));
            assertEquals(Reason.BAD_SIGNATURE, e.reason(), e.getMessage());
            assertEquals(SPACK_TEST_KEY, e.keyFingerprint());
        }
    }

    @Test
    void specByAnUnpinnedKeyIsUntrusted() throws Exception {
        SignatureVerifier other = SignatureVerifier.builder(TrustedKeys.parse("FDEA90667641505264EFD114DFB92630BCA5AB71"))
                .keyFiles(List.of(fixture.resolve("_pgp/" + SPACK_TEST_KEY + ".pub")))
                .build();
        try (InputStream in = Files.newInputStream(fixture.resolve(AS_SIGNED))) {
            VerificationException e =
                    assertThrows(VerificationException.class, () -> other.verifyClearsigned("libelf spec", in));
            assertEquals(Reason.UNTRUSTED_KEY, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("-Dslurm.pgp.fingerprints=" + SPACK_TEST_KEY), e.getMessage());
        }
    }

    @Test
    void detachedSignatureIsNotAClearsignedDocument() throws Exception {
        try (InputStream in = Files.newInputStream(fixture.resolve("_pgp/" + SPACK_TEST_KEY + ".pub"))) {
            VerificationException e =
                    assertThrows(VerificationException.class, () -> verifier.verifyClearsigned("key", in));
            assertEquals(Reason.NOT_A_SIGNATURE, e.reason());
        }
    }
}
