package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server identity for 127.0.0.1 made with the JDK's keytool at test time (no committed key
 * material).
 *
 * @param keyStore       PKCS#12 file with the key pair
 * @param certificatePem the certificate alone, PEM
 */
public record SelfSignedCertificate(Path keyStore, Path certificatePem) {

    private static final String PASSWORD = "changeit";

    public static SelfSignedCertificate generate(Path directory, String alias) throws IOException, InterruptedException {
        return generate(directory, alias, "CN=127.0.0.1", "ip:127.0.0.1");
    }

    /** An identity for the host name {@code dnsName} (its subject alternative name) instead of 127.0.0.1. */
    public static SelfSignedCertificate forHostName(Path directory, String alias, String dnsName)
            throws IOException, InterruptedException {
        return generate(directory, alias, "CN=" + dnsName, "dns:" + dnsName);
    }

    private static SelfSignedCertificate generate(Path directory, String alias, String subject, String san)
            throws IOException, InterruptedException {
        Path keyStore = directory.resolve(alias + ".p12");
        Path pem = directory.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new SelfSignedCertificate(keyStore, pem);
    }

    /** A server-side context presenting this identity. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = load();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Writes the private key as unencrypted PKCS#8 PEM, the form Tomcat's {@code certificateKeyFile} reads. */
    public Path writePrivateKeyPem(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = load();
        String alias = store.aliases().nextElement();
        byte[] pkcs8 = store.getKey(alias, PASSWORD.toCharArray()).getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** A client-side context that trusts this certificate only. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        ExternalTools.output(command);
    }
}
