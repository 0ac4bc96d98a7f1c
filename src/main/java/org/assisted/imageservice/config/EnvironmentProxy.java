package org.assisted.imageservice.config;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.assisted.imageservice.config.EnvReader.Setting;

/**
 * The proxy for OS image downloads, from HTTP_PROXY, HTTPS_PROXY and NO_PROXY (upper case first, then lower case,
 * the first non-empty one wins) with the rules of Go's {@code ProxyFromEnvironment}, which upstream's downloads
 * use: https URLs go through HTTPS_PROXY (a CONNECT tunnel), http URLs through HTTP_PROXY, neither falls back to
 * the other; {@code localhost} and loopback addresses always go direct, and so does whatever NO_PROXY names.
 *
 * @param http    HTTP_PROXY, or null
 * @param https   HTTPS_PROXY, or null
 * @param noProxy NO_PROXY
 */
public record EnvironmentProxy(ProxyServer http, ProxyServer https, NoProxyRules noProxy) {

    /** No proxy variable set: everything goes direct. */
    public static final EnvironmentProxy NONE = new EnvironmentProxy(null, null, NoProxyRules.parse(""));

    static EnvironmentProxy parse(EnvReader env) {
        return new EnvironmentProxy(
                env.firstNonEmpty("HTTP_PROXY", "http_proxy").map(ProxyServer::parse).orElse(null),
                env.firstNonEmpty("HTTPS_PROXY", "https_proxy").map(ProxyServer::parse).orElse(null),
                NoProxyRules.parse(env.firstNonEmpty("NO_PROXY", "no_proxy").map(Setting::value).orElse("")));
    }

    /**
     * @param scheme the target URL's scheme
     * @param host   the target host name or IP literal (IPv6 with or without brackets)
     * @param port   the target port, the scheme's default made explicit
     * @return the proxy to send the request through, or empty to connect directly
     */
    public Optional<ProxyServer> proxyFor(String scheme, String host, int port) {
        ProxyServer server = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https" -> https;
            case "http" -> http;
            default -> null;
        };
        if (server == null) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || NoProxyRules.ipLiteral(name).filter(InetAddress::isLoopbackAddress).isPresent()
                || noProxy.bypasses(name, port)) {
            return Optional.empty();
        }
        return Optional.of(server);
    }

    /** @return whether HTTP_PROXY or HTTPS_PROXY is set */
    public boolean configured() {
        return http != null || https != null;
    }

    /** Names the proxies and NO_PROXY; never their credentials. */
    @Override
    public String toString() {
        return "EnvironmentProxy[http=" + http + ", https=" + https + ", noProxy=" + noProxy + "]";
    }

    /**
     * An HTTP proxy server.
     *
     * @param host     its host name or IP literal (IPv6 without brackets)
     * @param port     its port (80 when the URL names none, as in Go)
     * @param username the user of Basic proxy authentication, or null for none
     * @param password that user's password, empty when the URL has none; null without a user
     */
    public record ProxyServer(String host, int port, String username, String password) {

        private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
        private static final int DEFAULT_PORT = 80;
        private static final int MAX_PORT = 65_535;
        private static final String FORM = "[http://][user:password@]host[:port]";

        /**
         * Go's reading of a proxy variable: a value without a scheme means {@code http://}; user information is
         * the proxy's credentials (percent-decoded). Errors name the variable, never its value.
         *
         * @throws ConfigException for another scheme than http, a missing or invalid host or port, or a bad escape
         */
        static ProxyServer parse(Setting setting) {
            String value = setting.value().strip();
            String url = SCHEME.matcher(value).matches() ? value : "http://" + value;
            int schemeEnd = url.indexOf("://");
            String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http")) {
                throw setting.invalidSecret("proxy scheme " + EnvReader.quote(scheme)
                        + " is not supported, only http:// (" + FORM + ")");
            }
            String rest = url.substring(schemeEnd + 3);
            int authorityEnd = firstOf(rest, "/?#");
            String authority = rest.substring(0, authorityEnd);
            int at = authority.lastIndexOf('@');
            String hostPort = authority.substring(at + 1);
            String user = null;
            String password = null;
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                user = decode(setting, colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? "" : decode(setting, userInfo.substring(colon + 1));
            }
            return hostAndPort(setting, hostPort, user, password);
        }

        /** The proxy as {@code http://host:port}, noting whether it has credentials but never showing them. */
        @Override
        public String toString() {
            String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return "http://" + shownHost + ":" + port + (username == null ? "" : " (with credentials)");
        }

        private static ProxyServer hostAndPort(Setting setting, String hostPort, String user, String password) {
            String host;
            String port;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                host = close < 0 ? "" : hostPort.substring(1, close);
                String after = close < 0 ? "" : hostPort.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw invalid(setting);
                }
                port = after.isEmpty() ? "" : after.substring(1);
                if (NoProxyRules.ipLiteral(host).isEmpty()) {
                    throw invalid(setting);
                }
            } else {
                int colon = hostPort.indexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                port = colon < 0 ? "" : hostPort.substring(colon + 1);
                if (!NAME.matcher(host).matches()) {
                    throw invalid(setting);
                }
            }
            return new ProxyServer(host.toLowerCase(Locale.ROOT), port(setting, port), user, password);
        }

        private static int port(Setting setting, String digits) {
            if (digits.isEmpty()) {
                return DEFAULT_PORT;
            }
            if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(setting);
            }
            int port = Integer.parseInt(digits);
            if (port < 1 || port > MAX_PORT) {
                throw invalid(setting);
            }
            return port;
        }

        /** Percent-decoding of URL user information, where {@code +} stays a plus. */
        private static String decode(Setting setting, String text) {
            try {
                return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw setting.invalidSecret("invalid percent-escape in the proxy's user information");
            }
        }

        private static int firstOf(String text, String characters) {
            for (int i = 0; i < text.length(); i++) {
                if (characters.indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return text.length();
        }

        private static ConfigException invalid(Setting setting) {
            return setting.invalidSecret("not a valid proxy URL (" + FORM + ")");
        }
    }
}
