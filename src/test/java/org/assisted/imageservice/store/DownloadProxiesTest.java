package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.EnvironmentProxy;
import org.assisted.imageservice.config.ServiceConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;

/**
 * Downloads through the environment's proxy. A {@link FakeMirror} plays the proxy: it answers the absolute-URI
 * requests a client sends to an HTTP proxy, for a host ({@code .invalid}, RFC 6761) that no direct connection could
 * resolve. The real proxy, CONNECT tunnels included, is exercised by {@code ProxyIT} with squid.
 */
class DownloadProxiesTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cr3t-pw";
    private static final String UNRESOLVABLE = "mirror.invalid";

    @TempDir
    Path dir;
    private Path data;
    private Path target;
    private byte[] iso;
    private FakeMirror proxy;
    private final List<String> logs = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(new SimpleFormatter().format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        target = data.resolve("rhcos-full-iso-1-x86_64.iso");
        iso = Files.readAllBytes(TestConfigs.rhcosIso(dir, "source.iso"));
        proxy = new FakeMirror();
        Logger.getLogger("org.assisted.imageservice").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("org.assisted.imageservice").removeHandler(capture);
        proxy.close();
    }

    @Test
    void plainHttpGoesToTheProxyWhichGetsTheCredentialsWhenItAsksForThem() throws Exception {
        proxy.on("/x.iso", challenge(), ok(iso));
        DownloadConfig config = config(Map.of("http_proxy", USER + ":" + PASSWORD + "@127.0.0.1:" + port(proxy)));
        try (IsoDownloader downloader = IsoDownloader.create(config, TestConfigs.tempDir(data), 4)) {
            downloader.download(URI.create("http://" + UNRESOLVABLE + "/x.iso"), target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        List<FakeMirror.Request> requests = proxy.requests("/x.iso");
        assertEquals(2, requests.size(), "a challenge, then the request with credentials");
        assertNull(requests.get(0).headers().getFirst("Proxy-Authorization"));
        assertEquals(UNRESOLVABLE, requests.get(1).headers().getFirst("Host"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)), requests.get(1).headers().getFirst("Proxy-Authorization"));
        assertTrue(logs.stream().anyMatch(line -> line.contains("OS image downloads use EnvironmentProxy[http=http://"
                + "127.0.0.1:" + port(proxy) + " (with credentials)")), logs.toString());
        assertNoCredentialsIn(logs.toString());
    }

    @Test
    void aRedirectThroughTheProxyStillDropsTheRequestHeadersWhenItLeavesTheOrigin() throws Exception {
        proxy.on("/x.iso", FakeMirror.redirect(URI.create("http://other.invalid/y.iso")));
        proxy.on("/y.iso", ok(iso));
        DownloadConfig proxied = config(Map.of("HTTP_PROXY", "http://127.0.0.1:" + port(proxy)));
        DownloadConfig config = new DownloadConfig(Map.of("Authorization", "Bearer mirror-token"), Map.of(),
                proxied.tls(), proxied.limits(), proxied.proxy());
        try (IsoDownloader downloader = IsoDownloader.create(config, TestConfigs.tempDir(data), 4)) {
            downloader.download(URI.create("http://" + UNRESOLVABLE + "/x.iso"), target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        assertEquals("Bearer mirror-token", proxy.requests("/x.iso").get(0).headers().getFirst("Authorization"));
        FakeMirror.Request redirected = proxy.requests("/y.iso").get(0);
        assertEquals("other.invalid", redirected.headers().getFirst("Host"));
        assertNull(redirected.headers().getFirst("Authorization"));
    }

    @Test
    void loopbackMirrorsAreReachedDirectlyEvenWithAProxySet() throws Exception {
        proxy.on("/x.iso", ok(iso));
        DownloadConfig config = config(Map.of("HTTP_PROXY", "http://127.0.0.1:" + closedPort()));
        try (IsoDownloader downloader = IsoDownloader.create(config, TestConfigs.tempDir(data), 4)) {
            downloader.download(proxy.url("/x.iso"), target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
    }

    @Test
    void failuresOfTheProxyNameItWithoutItsCredentials() throws Exception {
        proxy.on("/x.iso", challenge());
        String refusing = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + closedPort();
        String denying = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port(proxy);
        for (String proxyUrl : List.of(refusing, denying)) {
            DownloadConfig config = config(Map.of("HTTP_PROXY", proxyUrl));
            try (IsoDownloader downloader = IsoDownloader.create(config, TestConfigs.tempDir(data), 4)) {
                IOException e = assertThrows(IOException.class, () -> downloader.download(
                        URI.create("http://" + UNRESOLVABLE + "/x.iso"), target, (b, t, r) -> { }, temp -> { }));
                assertNoCredentialsIn(e.toString() + e.getCause());
            }
        }
        assertTrue(proxy.requests("/x.iso").size() >= 2, "the denying proxy was asked with credentials");
        assertFalse(Files.exists(target));
        assertNoCredentialsIn(logs.toString());
    }

    @Test
    void httpsIsTunnelledThroughHttpsProxyAndNoProxyHostsGoDirect() throws Exception {
        DownloadProxies proxies = new DownloadProxies(config(Map.of("HTTPS_PROXY", "http://proxy.corp:3128",
                "NO_PROXY", ".internal")).proxy());
        HttpClientContext context = HttpClientContext.create();

        HttpRoute tunnelled = proxies.determineRoute(HttpHost.create("https://mirror.example.com"), context);
        assertEquals(new HttpHost("http", "proxy.corp", 3128), tunnelled.getProxyHost());
        assertTrue(tunnelled.isTunnelled());
        assertTrue(tunnelled.isSecure());

        assertNull(proxies.determineRoute(HttpHost.create("http://mirror.example.com"), context).getProxyHost());
        assertNull(proxies.determineRoute(HttpHost.create("https://a.internal"), context).getProxyHost());
        assertNull(proxies.determineRoute(HttpHost.create("https://localhost:8443"), context).getProxyHost());
    }

    @Test
    void credentialsAreOfferedToTheProxyAlone() throws Exception {
        CredentialsProvider credentials = new DownloadProxies(config(Map.of(
                "HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@proxy.corp:3128")).proxy()).credentials();
        HttpClientContext context = HttpClientContext.create();
        assertNotNull(credentials.getCredentials(new AuthScope(new HttpHost("http", "proxy.corp", 3128)), context));
        HttpHost mirror = new HttpHost("https", "mirror.example.com", 443);
        assertNull(credentials.getCredentials(new AuthScope(mirror), context));
        assertNull(credentials.getCredentials(new AuthScope(new HttpHost("http", "proxy.corp", 80)), context));
    }

    private DownloadConfig config(Map<String, String> proxyVariables) {
        Map<String, String> env = new HashMap<>(Map.of("ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", "assisted-service:8090", "DATA_DIR", data.toString()));
        env.putAll(proxyVariables);
        EnvironmentProxy environmentProxy = ServiceConfig.fromEnvironment(env).store().download().proxy();
        return new DownloadConfig(Map.of(), Map.of(), new DownloadTls(false, null),
                TestConfigs.limits(TestConfigs.STALL), environmentProxy);
    }

    /** 407 asking for Basic credentials, as squid does. */
    private static FakeMirror.Reply challenge() {
        return (ex, release) -> {
            ex.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"test proxy\"");
            ex.sendResponseHeaders(407, -1);
            ex.close();
        };
    }

    private static void assertNoCredentialsIn(String text) {
        assertFalse(text.contains(PASSWORD), text);
        assertFalse(text.contains(USER), text);
    }

    private static int port(FakeMirror mirror) {
        return mirror.url("/").getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
