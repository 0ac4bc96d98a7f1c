package org.assisted.imageservice.store;

import java.util.stream.Stream;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.protocol.HttpContext;

import org.assisted.imageservice.config.EnvironmentProxy;
import org.assisted.imageservice.config.EnvironmentProxy.ProxyServer;

/**
 * Routes OS image downloads through the proxy the environment names ({@link EnvironmentProxy}): plain http is sent
 * to the proxy, https goes through a CONNECT tunnel. Every hop of a redirect is routed anew. The proxy's
 * credentials are offered to the proxy alone, when it asks for them (407).
 */
final class DownloadProxies extends DefaultRoutePlanner {

    private final EnvironmentProxy proxy;

    DownloadProxies(EnvironmentProxy proxy) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.proxy = proxy;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        int port = DefaultSchemePortResolver.INSTANCE.resolve(target);
        return proxy.proxyFor(target.getSchemeName(), target.getHostName(), port)
                .map(DownloadProxies::host)
                .orElse(null);
    }

    /** Credentials scoped to each proxy's host and port, so no mirror is ever offered them. */
    CredentialsProvider credentials() {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        Stream.of(proxy.http(), proxy.https())
                .filter(server -> server != null && server.username() != null)
                .forEach(server -> credentials.setCredentials(new AuthScope(host(server)),
                        new UsernamePasswordCredentials(server.username(), server.password().toCharArray())));
        return credentials;
    }

    private static HttpHost host(ProxyServer server) {
        return new HttpHost(URIScheme.HTTP.id, server.host(), server.port());
    }
}
