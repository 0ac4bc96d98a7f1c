package org.assisted.imageservice.assisted;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.assisted.imageservice.config.PemCertificates;
import org.assisted.imageservice.config.ServiceConfig.AssistedServiceConfig;
import org.assisted.imageservice.outbound.CredentialSafeRedirects;

/**
 * The async client for assisted-service: one I/O reactor thread multiplexes every call, a pool bounds the
 * connections, every timeout is explicit, no retries, no cookies, no content decoding (upstream forwards
 * nothing but the credential).
 */
final class AssistedHttpClients {

    /** Pool size, total and per route (there is one route); three per concurrent image request. */
    static final int MAX_CONNECTIONS = 512;
    static final int MAX_REDIRECTS = 10;
    static final String IO_THREAD_PREFIX = "assisted-service-io";
    /** The headers a credential travels in; the {@code api_key} query parameter is only in the first URL. */
    private static final List<String> CREDENTIAL_HEADERS = List.of(HttpHeaders.AUTHORIZATION,
            AssistedServiceClient.IMAGE_TOKEN_HEADER);

    private AssistedHttpClients() {
    }

    /** @param threads creates the I/O reactor's threads */
    static CloseableHttpAsyncClient create(AssistedServiceConfig config, ThreadFactory threads) {
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout response = Timeout.of(config.responseTimeout());
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(tlsStrategy(config.trustedCaFile()))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setHandshakeTimeout(connect)
                        .setSupportedProtocols(TLS.V_1_3, TLS.V_1_2)
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .build())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .build();
        CredentialSafeRedirects redirects = new CredentialSafeRedirects(CREDENTIAL_HEADERS);
        return HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(response).build())
                .setThreadFactory(threads)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(response)
                        .setRedirectsEnabled(true)
                        .setMaxRedirects(MAX_REDIRECTS)
                        .build())
                .setRedirectStrategy(redirects)
                .addRequestInterceptorLast(redirects)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** TLS 1.2+; with a CA file, only its certificates are trusted (as upstream), else the JVM's default trust. */
    private static TlsStrategy tlsStrategy(Path trustedCaFile) {
        try {
            SSLContext context = trustedCaFile == null ? SSLContext.getDefault() : trustingOnly(trustedCaFile);
            return ClientTlsStrategyBuilder.create()
                    .setSslContext(context)
                    .setTlsVersions(TLS.V_1_3, TLS.V_1_2)
                    .buildAsync();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for assisted-service with CA file " + trustedCaFile, e);
        }
    }

    private static SSLContext trustingOnly(Path caFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = PemCertificates.read(caFile);
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in " + caFile);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PemCertificates.trustStore(certificates));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
