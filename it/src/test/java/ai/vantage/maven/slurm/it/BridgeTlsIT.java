package ai.vantage.maven.slurm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.CacheLayout;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Maven 3.9 and 4.0 with no extension reading {@code ai.vantage:slurm} over {@code https} from the bridge jar, which
 * serves a self-signed certificate from PEM files ({@code --tls-cert}, {@code --tls-key}): with the certificate in
 * a trust store named by {@code -Djavax.net.ssl.trustStore} the build resolves with strict checksums; without, the
 * TLS handshake fails.
 */
class BridgeTlsIT extends FixtureCacheIT {

    private static final String PASSWORD = "changeit";

    private static BridgeJar jar;
    private static Path trustStore;

    @BeforeAll
    static void startBridge() throws Exception {
        Path work = Path.of(System.getProperty("it.work"), "bridge-tls");
        SampleProject.delete(work);
        Files.createDirectories(work);
        Path keystore = work.resolve("bridge.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bridge", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD).inheritIO().start();
        assertEquals(0, keytool.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Path certPem = work.resolve("cert.pem");
        Path keyPem = work.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", store.getCertificate("bridge").getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", store.getKey("bridge", PASSWORD.toCharArray()).getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bridge", store.getCertificate("bridge"));
        trustStore = work.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        jar = BridgeJar.start(work.resolve("jar.log"), List.of(), "--upstream", server.uri().toString(),
                "--cache-dir", work.resolve("cache").toString(), "--pgp-fingerprints", key.fingerprint(),
                "--pgp-keys", signer.toString(), "--tls-cert", certPem.toString(), "--tls-key", keyPem.toString());
        assertEquals("https", jar.uri().getScheme(), jar::log);
    }

    @AfterAll
    static void stopBridge() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MavenVersion.class)
    void resolvesOverHttpsWhenMavenTrustsTheCertificate(MavenVersion maven) throws Exception {
        MavenResult resolved = plain(maven, "bridge-tls", jar.uri().toString(), "noble")
                .property("javax.net.ssl.trustStore", trustStore.toString())
                .property("javax.net.ssl.trustStorePassword", PASSWORD)
                .property("javax.net.ssl.trustStoreType", "PKCS12")
                .args("-C", "dependency:resolve").run();
        assertEquals(0, resolved.exitCode(), resolved::toString);
        assertEquals(sha256(cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                sha256(resolved.slurmTarball("25.11", "noble")), "the bytes as signed, over https");

        MavenResult untrusted = plain(maven, "bridge-tls-untrusted", jar.uri().toString(), "noble")
                .args("-C", "dependency:resolve").run();
        assertNotEquals(0, untrusted.exitCode(), untrusted::toString);
        assertTrue(untrusted.log().contains("PKIX path building failed")
                || untrusted.log().contains("unable to find valid certification path"), untrusted::toString);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
