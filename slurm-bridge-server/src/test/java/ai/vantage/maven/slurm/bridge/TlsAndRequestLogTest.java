package ai.vantage.maven.slurm.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.fixture.FixtureCache;
import ai.vantage.maven.slurm.layout.CacheLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code https} from PEM files or a keystore, and the access log in NCSA combined and JSON lines. */
class TlsAndRequestLogTest {

    private static final String TARBALL = FixtureCache.NOBLE.mavenPath();
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path root;

    private Upstream upstream;
    private BridgeServer bridge;

    @BeforeEach
    void start() throws IOException {
        upstream = Upstream.start(root);
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        upstream.close();
    }

    private void serve(TlsSettings tls, RequestLogs.Settings log) throws IOException {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, root.resolve("bridge-cache"), Long.MAX_VALUE, 2,
                8, 8192, Duration.ofMinutes(10), Duration.ofHours(1));
        settings = tls == null ? settings : settings.withTls(tls);
        settings = log == null ? settings : settings.withRequestLog(log);
        bridge = BridgeServer.start(settings, upstream.source(Map.of()), upstream.log);
    }

    @Test
    void servesHttpsWithPemFilesOrAKeystoreToClientsThatTrustTheCertificate() throws Exception {
        Path keystore = selfSigned();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        Certificate certificate = store.getCertificate("bridge");
        Path cert = root.resolve("cert.pem");
        Path key = root.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey("bridge", PASSWORD).getEncoded()));
        byte[] tarball = Files.readAllBytes(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));

        serve(new TlsSettings(cert, key, null, null), null);
        assertEquals("https", bridge.uri().getScheme());
        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
        HttpResponse<byte[]> https = trusting.send(HttpRequest.newBuilder(bridge.uri().resolve(TARBALL)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, https.statusCode());
        assertArrayEquals(tarball, https.body());
        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(bridge.uri().resolve("health")).build(), HttpResponse.BodyHandlers.discarding()),
                "a client that does not trust the certificate is refused");
        bridge.close();

        serve(new TlsSettings(null, null, keystore, "changeit"), null);
        assertEquals(200, trusting.send(HttpRequest.newBuilder(bridge.uri().resolve(TARBALL + ".sha1")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode());
        bridge.close();
        bridge = null;

        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        IOException refused = assertThrows(IOException.class,
                () -> serve(new TlsSettings(cert, key, null, null), null));
        assertTrue(refused.getMessage().contains("--tls-key " + key + " holds no unencrypted PKCS#8 key")
                && refused.getMessage().contains("openssl pkcs8 -topk8"), refused.getMessage());
    }

    @Test
    void theAccessLogHasOneCombinedLinePerRequestWithTheSignatureCheck() throws Exception {
        Path log = root.resolve("access.log");
        serve(null, new RequestLogs.Settings(log.toString(), RequestLogs.Format.COMBINED));
        upstream.tamper(FixtureCache.NOBLE_ARM64);
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(TARBALL, TARBALL + ".sha1", "ai/vantage/slurm/25.11/slurm-25.11.pom", "nothing",
                FixtureCache.NOBLE_ARM64.mavenPath())) {
            http.send(HttpRequest.newBuilder(bridge.uri().resolve(path)).header("Referer", "http://nexus/").build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        List<String> lines = awaitLines(log, 5);
        String combined = "^127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] "
                + "\"GET /%s HTTP/1\\.1\" " + "%d \\d+ \"http://nexus/\" \"Java-http-client/[^\"]+\" %s$";
        long size = Files.size(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT));
        assertTrue(lines.get(0).matches(String.format(combined, TARBALL, 200, "VERIFIED"))
                && lines.get(0).contains(" 200 " + size + " "), lines.get(0));
        assertTrue(lines.get(1).matches(String.format(combined, TARBALL + "\\.sha1", 200, "VERIFIED")), lines.get(1));
        assertTrue(lines.get(2).matches(String.format(combined, "ai/vantage/slurm/25\\.11/slurm-25\\.11\\.pom", 200,
                "-")), lines.get(2));
        assertTrue(lines.get(3).matches(String.format(combined, "nothing", 404, "-")), lines.get(3));
        assertTrue(lines.get(4).matches(String.format(combined, FixtureCache.NOBLE_ARM64.mavenPath(), 502,
                "BAD_SIGNATURE")), lines.get(4));
    }

    @Test
    void theAccessLogInJsonLinesHasTheSameFields() throws Exception {
        Path log = root.resolve("access.jsonl");
        serve(null, new RequestLogs.Settings(log.toString(), RequestLogs.Format.JSON));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(bridge.uri().resolve(TARBALL)).build(),
                HttpResponse.BodyHandlers.discarding());
        JsonNode line = new ObjectMapper().readTree(awaitLines(log, 1).get(0));
        assertEquals("127.0.0.1", line.get("client").asText());
        assertEquals("GET", line.get("method").asText());
        assertEquals("/" + TARBALL, line.get("uri").asText());
        assertEquals("HTTP/1.1", line.get("protocol").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals(Files.size(upstream.cache.tarballPath(FixtureCache.NOBLE, CacheLayout.CURRENT)),
                line.get("bytes").asLong());
        assertEquals("VERIFIED", line.get("verification").asText());
        assertTrue(line.get("userAgent").asText().startsWith("Java-http-client/"), line.toString());
        assertTrue(line.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z") && line.has("millis")
                && line.has("referer"), line.toString());
    }

    private static List<String> awaitLines(Path log, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        return lines;
    }

    /** A self-signed RSA certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
    private Path selfSigned() throws Exception {
        Path keystore = root.resolve("bridge.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bridge", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        return keystore;
    }

    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bridge", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
