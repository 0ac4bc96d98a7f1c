package org.assisted.imageservice.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tomcat-conf/bin/configure-connectors.sh} implements the listener table of docs/upstream-behaviour.md#listeners
 * (the rows of upstream's servers_test.go) and writes the ports into server.xml, because Tomcat does not inherit the
 * script's variables.
 */
class ConfigureConnectorsTest {

    private static final Path TOMCAT_CONF = Path.of("tomcat-conf").toAbsolutePath();
    private static final Pattern CONNECTOR = Pattern.compile("<Connector port=\"([^\"]*)\"[^>]*?(SSLEnabled=\"true\")?"
            + "[^>]*>");

    @TempDir
    Path dir;

    private record Result(int exitCode, String output, String serverXml) {
    }

    private Result configure(Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("server.xml");
        Files.deleteIfExists(out);
        ProcessBuilder builder = new ProcessBuilder("sh", TOMCAT_CONF.resolve("bin/configure-connectors.sh").toString(),
                TOMCAT_CONF.toString(), out.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("LISTEN_PORT", "HTTP_LISTEN_PORT", "HTTPS_CERT_FILE",
                "HTTPS_KEY_FILE", "ACCESS_LOG", "PROBE_LISTEN_PORT"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output, Files.exists(out) ? Files.readString(out) : "");
    }

    /** Each connector as {@code http:<port>} or {@code https:<port>}, in document order. */
    private static List<String> connectors(String serverXml) {
        List<String> found = new ArrayList<>();
        Matcher matcher = CONNECTOR.matcher(serverXml);
        while (matcher.find()) {
            found.add((connectorTag(serverXml, matcher).contains("SSLEnabled=\"true\"") ? "https:" : "http:")
                    + matcher.group(1));
        }
        return found;
    }

    private static String connectorTag(String serverXml, Matcher matcher) {
        return serverXml.substring(matcher.start(), matcher.end());
    }

    /** The opening tag of the connector on {@code port}, whitespace collapsed. */
    private static String connectorOn(String serverXml, String port) {
        Matcher matcher = CONNECTOR.matcher(serverXml);
        while (matcher.find()) {
            if (matcher.group(1).equals(port)) {
                return connectorTag(serverXml, matcher).replaceAll("\\s+", " ");
            }
        }
        throw new AssertionError("no connector on " + port + " in " + serverXml);
    }

    @ParameterizedTest(name = "LISTEN_PORT={0} HTTP_LISTEN_PORT={1} tls={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "||false|http:8080",
        "8081||false|http:8081",
        "8443|8081|false|http:8081",
        "8445||false|http:8445",
        "8443||true|https:8443",
        "8444|8082|true|https:8444 http:8082",
        "|8082|true|https:8080 http:8082",
    })
    void listenerTable(String listenPort, String httpListenPort, boolean tls, String expected) throws Exception {
        Result result = configure(listeners(new HashMap<>(), listenPort, httpListenPort, tls));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of(expected.split(" ")), connectors(result.serverXml()));
        assertFalse(result.serverXml().contains("CONNECTOR_PORT"), result.serverXml());
        assertFalse(result.serverXml().contains("<!-- CONNECTORS -->"));
        assertEquals(tls, result.serverXml().contains("certificateFile=\"${HTTPS_CERT_FILE}\""));
        assertEquals(expected.split(" ").length, result.serverXml().split(Pattern.quote(
                "connectionTimeout=\"${CONNECTION_TIMEOUT_MS:-20000}\""), -1).length - 1,
                "every connector leaves its timeout to Tomcat's environment lookup");
    }

    /** Adds the listener variables of a table row (null: unset) and, with {@code tls}, a certificate and key. */
    private static Map<String, String> listeners(Map<String, String> env, String listenPort, String httpListenPort,
                                                 boolean tls) {
        if (listenPort != null) {
            env.put("LISTEN_PORT", listenPort);
        }
        if (httpListenPort != null) {
            env.put("HTTP_LISTEN_PORT", httpListenPort);
        }
        if (tls) {
            env.put("HTTPS_CERT_FILE", "/tls/tls.crt");
            env.put("HTTPS_KEY_FILE", "/tls/tls.key");
        }
        return env;
    }

    @Test
    void keyWithoutCertificateMeansPlainHttp() throws Exception {
        Result result = configure(Map.of("LISTEN_PORT", "8443", "HTTPS_KEY_FILE", "/tls/tls.key"));
        assertEquals(List.of("http:8443"), connectors(result.serverXml()));
    }

    @Test
    void portThatIsNotANumberFailsWithoutWritingServerXml() throws Exception {
        Result result = configure(Map.of("LISTEN_PORT", "80a"));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("LISTEN_PORT=\"80a\" is not a port number"), result.output());
        assertEquals("", result.serverXml());
    }

    @ParameterizedTest(name = "LISTEN_PORT={0} HTTP_LISTEN_PORT={1} tls={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "||false|http:8080 http:9090",
        "8443|8081|false|http:8081 http:9090",
        "8443||true|https:8443 http:9090",
        "8444|8082|true|https:8444 http:8082 http:9090",
    })
    void probePortAddsAConnectorOfItsOwnWithFewPlatformThreads(String listenPort, String httpListenPort, boolean tls,
                                                             String expected) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PROBE_LISTEN_PORT", "9090", "VIRTUAL_THREADS", "true"));
        Result result = configure(listeners(env, listenPort, httpListenPort, tls));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of(expected.split(" ")), connectors(result.serverXml()));
        String probes = connectorOn(result.serverXml(), "9090");
        assertTrue(probes.contains("useVirtualThreads=\"false\""), probes);
        assertTrue(probes.contains("maxThreads=\"4\""), probes);
        assertTrue(probes.contains("maxConnections=\"32\" acceptCount=\"32\""), probes);
        assertFalse(probes.contains("${"), "the probe connector depends on no download setting: " + probes);
        assertTrue(result.output().contains("PROBE_CONNECTOR_PORT=9090 "), result.output());
    }

    @Test
    void withoutProbePortThereIsNoProbeConnector() throws Exception {
        Result result = configure(Map.of("PROBE_LISTEN_PORT", ""));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of("http:8080"), connectors(result.serverXml()));
        assertTrue(result.output().contains("PROBE_CONNECTOR_PORT= "), result.output());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "PROBE_LISTEN_PORT=90x|configure-connectors.sh: PROBE_LISTEN_PORT=\"90x\" is not a port number",
        "PROBE_LISTEN_PORT=8080|configure-connectors.sh: PROBE_LISTEN_PORT=\"8080\" is the port of another connector",
        "PROBE_LISTEN_PORT=8081 HTTP_LISTEN_PORT=8081|configure-connectors.sh: PROBE_LISTEN_PORT=\"8081\" is the port"
                + " of another connector",
        "PROBE_LISTEN_PORT=8443 LISTEN_PORT=8443 HTTP_LISTEN_PORT=8081 HTTPS_CERT_FILE=c HTTPS_KEY_FILE=k|"
                + "configure-connectors.sh: PROBE_LISTEN_PORT=\"8443\" is the port of another connector",
    })
    void badProbePortStopsTheStartWithOneLine(String assignments, String message) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String assignment : assignments.split(" ")) {
            String[] nameAndValue = assignment.split("=", 2);
            env.put(nameAndValue[0], nameAndValue[1]);
        }
        Result result = configure(env);
        assertNotEquals(0, result.exitCode());
        assertEquals(message + "\n", result.output());
        assertEquals("", result.serverXml());
    }

    /** The access log valve's opening tag, up to its pattern. */
    private static String accessLogValve(String serverXml) {
        Matcher valve = Pattern.compile("<Valve className=\"org\\.apache\\.catalina\\.valves\\.AccessLogValve\""
                + "[^>]*?pattern").matcher(serverXml);
        assertTrue(valve.find(), serverXml);
        return valve.group().replaceAll("\\s+", " ");
    }

    @Test
    void accessLogIsADailyFileByDefault() throws Exception {
        Result result = configure(Map.of());
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("<Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory=\"logs\""
                + " prefix=\"access\" suffix=\".log\" pattern", accessLogValve(result.serverXml()));
    }

    @Test
    void accessLogOnStandardOutputIsOneUnbufferedUnrotatedStream() throws Exception {
        Result result = configure(Map.of("ACCESS_LOG", "stdout"));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("<Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory=\"/proc/self/fd\""
                + " prefix=\"1\" suffix=\"\" rotatable=\"false\" buffered=\"false\" pattern",
                accessLogValve(result.serverXml()));
    }

    @Test
    void unknownAccessLogTargetFailsWithoutWritingServerXml() throws Exception {
        Result result = configure(Map.of("ACCESS_LOG", "syslog"));
        assertNotEquals(0, result.exitCode());
        assertEquals("configure-connectors.sh: ACCESS_LOG=\"syslog\" is not file or stdout\n", result.output());
        assertEquals("", result.serverXml());
    }
}
