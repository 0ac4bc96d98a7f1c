package org.assisted.imageservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.assisted.imageservice.config.EnvironmentProxy.ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's {@code ProxyFromEnvironment} rules, read through {@link ServiceConfig#fromEnvironment}. */
class EnvironmentProxyTest {

    private static final String DIRECT = "direct";

    @TempDir
    Path dataDir;

    private EnvironmentProxy proxy(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(Map.of(
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", "assisted-service:8090",
                "DATA_DIR", dataDir.toString(),
                "DATA_TEMP_DIR", dataDir.toString()));
        env.putAll(variables);
        return ServiceConfig.fromEnvironment(env).store().download().proxy();
    }

    /** @return {@code host:port} of the proxy for {@code url}, or {@value #DIRECT} */
    private static String route(EnvironmentProxy proxy, String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        return proxy.proxyFor(uri.getScheme(), uri.getHost(), port)
                .map(server -> server.host() + ":" + server.port()).orElse(DIRECT);
    }

    @ParameterizedTest(name = "NO_PROXY={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # NO_PROXY          | URL                                 | route
            none                | http://mirror.example.com/a.iso     | hp:3128
            none                | https://mirror.example.com/a.iso    | hsp:3129
            none                | HTTPS://MIRROR.EXAMPLE.COM/a.iso    | hsp:3129
            # localhost and loopback literals never go through a proxy
            none                | http://localhost:8080/a.iso         | direct
            none                | http://LOCALHOST/a.iso              | direct
            none                | https://127.0.0.1:8443/a.iso        | direct
            none                | http://127.200.1.1/a.iso            | direct
            none                | http://[::1]:8080/a.iso             | direct
            none                | http://localhost.example.com/a.iso  | hp:3128
            none                | http://10.0.0.1/a.iso               | hp:3128
            # a name matches itself and its subdomains, nothing else
            example.com         | http://example.com/a.iso            | direct
            example.com         | http://mirror.example.com/a.iso     | direct
            example.com         | https://a.b.example.com/a.iso       | direct
            example.com         | http://notexample.com/a.iso         | hp:3128
            example.com         | http://example.com.evil.org/a.iso   | hp:3128
            example.com         | http://93.184.216.34/a.iso          | hp:3128
            Example.COM         | http://MIRROR.example.com/a.iso     | direct
            INFRA.INTERNAL      | http://mirror.infra.internal/a.iso  | direct
            # a leading dot or *. matches subdomains only
            .example.com        | http://example.com/a.iso            | hp:3128
            .example.com        | http://mirror.example.com/a.iso     | direct
            *.example.com       | http://example.com/a.iso            | hp:3128
            *.example.com       | http://mirror.example.com/a.iso     | direct
            # a port restricts the entry; default ports are made explicit
            example.com:8443    | https://example.com:8443/a.iso      | direct
            example.com:8443    | https://example.com/a.iso           | hsp:3129
            example.com:443     | https://example.com/a.iso           | direct
            example.com:80      | http://example.com/a.iso            | direct
            example.com:80      | http://example.com:8080/a.iso       | hp:3128
            # IP addresses, with and without port
            192.168.1.5         | http://192.168.1.5:9000/a.iso       | direct
            192.168.1.5         | http://192.168.1.6/a.iso            | hp:3128
            192.168.1.5:9000    | http://192.168.1.5:9000/a.iso       | direct
            192.168.1.5:9000    | http://192.168.1.5:9001/a.iso       | hp:3128
            fd00::5             | http://[fd00::5]:1/a.iso            | direct
            [fd00::5]:8080      | http://[fd00::5]:8080/a.iso         | direct
            [fd00::5]:8080      | http://[fd00::5]:8081/a.iso         | hp:3128
            # CIDRs, IPv4 and IPv6, any port; names never match them
            10.0.0.0/8          | http://10.1.2.3:8080/a.iso          | direct
            10.0.0.0/8          | https://11.0.0.1/a.iso              | hsp:3129
            10.0.0.0/8          | http://[::ffff:10.0.0.1]/a.iso      | direct
            10.0.0.0/8          | http://ten.example.com/a.iso        | hp:3128
            172.16.0.0/12       | http://172.31.255.255/a.iso         | direct
            172.16.0.0/12       | http://172.32.0.1/a.iso             | hp:3128
            fd00::/8            | https://[fd12:3456::1]/a.iso        | direct
            fd00::/8            | https://[fe80::1]/a.iso             | hsp:3129
            # * disables the proxy; lists are trimmed and empty items skipped
            *                   | https://mirror.example.com/a.iso    | direct
            ' a.org , ,b.org '  | http://x.b.org/a.iso                | direct
            ' a.org , ,b.org '  | http://a.org/a.iso                  | direct
            ' a.org , ,b.org '  | http://c.org/a.iso                  | hp:3128
            # malformed entries never match
            10.0.0.0/33         | http://10.0.0.1/a.iso               | hp:3128
            example.com:http    | http://example.com/a.iso            | hp:3128
            :80                 | http://example.com/a.iso            | hp:3128
            """)
    void routesLikeGosProxyFromEnvironment(String noProxy, String url, String expected) {
        Map<String, String> env = new HashMap<>(Map.of("HTTP_PROXY", "http://hp:3128", "HTTPS_PROXY", "hsp:3129"));
        if (noProxy != null) {
            env.put("NO_PROXY", noProxy);
        }
        assertEquals(expected, route(proxy(env), url));
    }

    @Test
    void eachSchemeUsesItsOwnVariableWithoutFallback() {
        EnvironmentProxy httpOnly = proxy(Map.of("HTTP_PROXY", "http://hp:3128"));
        assertEquals("hp:3128", route(httpOnly, "http://mirror.example.com/a.iso"));
        assertEquals(DIRECT, route(httpOnly, "https://mirror.example.com/a.iso"));
        EnvironmentProxy httpsOnly = proxy(Map.of("HTTPS_PROXY", "http://hsp:3129"));
        assertEquals(DIRECT, route(httpsOnly, "http://mirror.example.com/a.iso"));
        assertEquals("hsp:3129", route(httpsOnly, "https://mirror.example.com/a.iso"));
        assertEquals(DIRECT, route(httpsOnly, "ftp://mirror.example.com/a.iso"));
    }

    @Test
    void upperCaseWinsAndAnEmptyUpperCaseValueFallsBackToLowerCase() {
        EnvironmentProxy both = proxy(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2",
                "NO_PROXY", "upper.example.com", "no_proxy", "lower.example.com"));
        assertEquals("upper:1", route(both, "https://lower.example.com/a.iso"));
        assertEquals(DIRECT, route(both, "https://upper.example.com/a.iso"));

        EnvironmentProxy lower = proxy(Map.of("HTTPS_PROXY", "", "https_proxy", "http://lower:2",
                "http_proxy", "lower:3", "NO_PROXY", "", "no_proxy", "lower.example.com"));
        assertEquals("lower:2", route(lower, "https://mirror.example.com/a.iso"));
        assertEquals("lower:3", route(lower, "http://mirror.example.com/a.iso"));
        assertEquals(DIRECT, route(lower, "https://lower.example.com/a.iso"));
    }

    @Test
    void theClusterImagePrefixDoesNotApplyToGoRuntimeVariables() {
        EnvironmentProxy proxy = proxy(Map.of("CLUSTER-IMAGE_HTTPS_PROXY", "http://prefixed:1"));
        assertFalse(proxy.configured());
        assertEquals(DIRECT, route(proxy, "https://mirror.example.com/a.iso"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            proxy.corp:3128                        | proxy.corp | 3128 | none  | none
            proxy.corp                             | proxy.corp | 80   | none  | none
            http://PROXY.corp/path/ignored         | proxy.corp | 80   | none  | none
            HTTP://10.0.0.1:3128                   | 10.0.0.1   | 3128 | none  | none
            10.0.0.1:3128                          | 10.0.0.1   | 3128 | none  | none
            http://[fd00::1]:3128                  | fd00::1    | 3128 | none  | none
            http://user:pa%40ss@proxy.corp:3128    | proxy.corp | 3128 | user  | pa@ss
            user:pa+ss:x@proxy.corp:3128           | proxy.corp | 3128 | user  | pa+ss:x
            http://us%3Aer:p@ss@proxy.corp         | proxy.corp | 80   | us:er | p@ss
            http://user@proxy.corp:3128            | proxy.corp | 3128 | user  | ''
            """, nullValues = "none")
    void readsProxyUrlsAsGoDoes(String value, String host, int port, String user, String password) {
        ProxyServer server = proxy(Map.of("HTTPS_PROXY", value)).https();
        assertEquals(new ProxyServer(host, port, user, password), server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://user:s3cr3t@proxy:1080", "https://user:s3cr3t@proxy:443",
        "http://user:s3cr3t@:3128", "http://user:s3cr3t@proxy:0", "http://user:s3cr3t@proxy:65536",
        "http://user:s3cr3t@proxy:31x8", "http://user:s3cr3t@pro xy:3128", "http://user:s3cr3t@[proxy]:3128",
        "http://user:s3cr3t@[fd00::1]x:3128", "http://user:s3cr%zzt@proxy:3128"})
    void anInvalidProxyFailsTheStartNamingTheVariableButNotTheValue(String value) {
        for (String name : new String[] {"HTTP_PROXY", "https_proxy"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> proxy(Map.of(name, value)));
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
        }
    }

    @Test
    void theConfigurationsTextNamesTheProxiesButNotTheirCredentials() {
        EnvironmentProxy proxy = proxy(Map.of("HTTP_PROXY", "http://alice:s3cr3t@proxy.corp:3128",
                "HTTPS_PROXY", "http://alice:s3cr3t@[fd00::1]:3129", "NO_PROXY", ".internal,10.0.0.0/8"));
        String text = proxy.toString();
        assertEquals("EnvironmentProxy[http=http://proxy.corp:3128 (with credentials), "
                + "https=http://[fd00::1]:3129 (with credentials), noProxy=.internal,10.0.0.0/8]", text);
        assertFalse(proxy.http().toString().contains("s3cr3t"));
    }

    @Test
    void withoutVariablesEverythingIsDirect() {
        EnvironmentProxy proxy = proxy(Map.of("NO_PROXY", "example.com"));
        assertFalse(proxy.configured());
        assertNull(proxy.http());
        assertEquals(DIRECT, route(proxy, "http://mirror.example.org/a.iso"));
    }
}
