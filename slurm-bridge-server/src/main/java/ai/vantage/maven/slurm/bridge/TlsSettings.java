package ai.vantage.maven.slurm.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Serving {@code https} directly: a certificate chain and its private key in PEM files ({@code --tls-cert},
 * {@code --tls-key}, as certbot or a site CA issues them), or a PKCS#12 or JKS keystore ({@code --tls-keystore},
 * {@code --tls-keystore-password}).
 */
record TlsSettings(Path certificate, Path key, Path keystore, String keystorePassword) {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String IN_MEMORY_PASSWORD = "slurm-bridge";

    TlsSettings {
        if (keystore == null && (certificate == null || key == null)) {
            throw new IllegalArgumentException("TLS needs --tls-cert and --tls-key (PEM) together, or --tls-keystore");
        }
        if (keystore != null && (certificate != null || key != null)) {
            throw new IllegalArgumentException("Give either --tls-cert and --tls-key, or --tls-keystore, not both");
        }
    }

    /** Jetty's TLS setup with this key and certificate. */
    SslContextFactory.Server contextFactory() throws IOException {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        // clients reach the bridge by any name or address; the certificate is the client's to check
        factory.setSniRequired(false);
        if (keystore != null) {
            if (!Files.isReadable(keystore)) {
                throw new IOException("--tls-keystore " + keystore + " cannot be read");
            }
            factory.setKeyStorePath(keystore.toString());
            factory.setKeyStorePassword(keystorePassword == null ? "" : keystorePassword);
            return factory;
        }
        factory.setKeyStore(pemKeyStore());
        factory.setKeyStorePassword(IN_MEMORY_PASSWORD);
        return factory;
    }

    private KeyStore pemKeyStore() throws IOException {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certificate)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new IOException("--tls-cert " + certificate + " is not a PEM certificate chain: " + e.getMessage(),
                    e);
        }
        if (chain.isEmpty()) {
            throw new IOException("--tls-cert " + certificate + " holds no certificate");
        }
        Matcher pem = PKCS8.matcher(Files.readString(key, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new IOException("--tls-key " + key + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert"
                    + " it: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key.pem");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
            String algorithm = chain.get(0).getPublicKey().getAlgorithm();
            PrivateKey privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("bridge", privateKey, IN_MEMORY_PASSWORD.toCharArray(),
                    chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("--tls-key " + key + " is not the private key of --tls-cert " + certificate + ": "
                    + e.getMessage(), e);
        }
    }
}
