package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.ssl.SSLContexts;

import org.assisted.imageservice.config.ServiceConfig.DownloadTls;

/** TLS for OS image downloads: INSECURE_SKIP_VERIFY, or the system trust store plus OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE. */
final class DownloadTlsStrategies {
    private DownloadTlsStrategies() {
    }

    static TlsSocketStrategy of(DownloadTls tls) throws IOException, GeneralSecurityException {
        ClientTlsStrategyBuilder builder = ClientTlsStrategyBuilder.create().setTlsVersions(TLS.V_1_3, TLS.V_1_2);
        if (tls.insecureSkipVerify()) {
            return builder.setSslContext(SSLContexts.custom().loadTrustMaterial(TrustAllStrategy.INSTANCE).build())
                    .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                    .buildClassic();
        }
        if (tls.trustedCaFile() == null) {
            return builder.setSslContext(SSLContexts.createSystemDefault()).buildClassic();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagerFactory(systemPlus(tls.trustedCaFile())).getTrustManagers(), null);
        return builder.setSslContext(context).buildClassic();
    }

    private static KeyStore systemPlus(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate ca : systemTrustManager().getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, ca);
        }
        Collection<? extends Certificate> extra = readPem(caFile);
        if (extra.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate found in " + caFile);
        }
        for (Certificate ca : extra) {
            store.setCertificateEntry("extra-" + n++, ca);
        }
        return store;
    }

    private static Collection<? extends Certificate> readPem(Path caFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(caFile)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        for (var tm : trustManagerFactory(null).getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in the JDK");
    }

    private static TrustManagerFactory trustManagerFactory(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }
}
