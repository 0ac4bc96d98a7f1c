package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cluster's TLS profile ({@code TLS_MIN_VERSION}, {@code TLS_CIPHER_SUITES}) on the HTTPS connector that
 * {@code tomcat-conf/bin/configure-connectors.sh} writes, in a {@link StandaloneTomcat} of its own, probed with
 * OpenSSL's {@code s_client} as the independent client: one Tomcat with minimum TLS 1.2 and one TLS 1.2 suite,
 * one with minimum TLS 1.3. Invalid values stop the container's start command before Tomcat starts.
 */
class TlsProfileIT {
    /** The certificate is EC (P-256), so the suites are ECDSA ones. */
    private static final String LISTED = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String LISTED_OPENSSL = "ECDHE-ECDSA-AES128-GCM-SHA256";
    private static final String UNLISTED_OPENSSL = "ECDHE-ECDSA-AES256-GCM-SHA384";

    private static Path work;
    private static FakeAssistedService assisted;
    private static StandaloneTomcat tls12;
    private static StandaloneTomcat tls13;
    private static int tls12Port;
    private static int tls13Port;

    @BeforeAll
    static void startTwoProfiles() throws Exception {
        work = Deployments.workDir("tls-profile");
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(work, "tls");
        Path key = certificate.writePrivateKeyPem(work.resolve("tls.key"));
        assisted = FakeAssistedService.start();
        tls12Port = TestPorts.https();
        tls13Port = TestPorts.http();
        tls12 = start("tls12", certificate, key, tls12Port,
                Map.of("TLS_MIN_VERSION", "VersionTLS12", "TLS_CIPHER_SUITES", " " + LISTED + " "));
        tls13 = start("tls13", certificate, key, tls13Port, Map.of("TLS_MIN_VERSION", "VersionTLS13"));
    }

    private static StandaloneTomcat start(String name, SelfSignedCertificate certificate, Path key, int port,
                                          Map<String, String> profile) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Map<String, String> env = new HashMap<>(profile);
        env.putAll(Map.of("LISTEN_PORT", Integer.toString(port),
                "HTTPS_CERT_FILE", certificate.certificatePem().toString(), "HTTPS_KEY_FILE", key.toString()));
        Map<String, String> parameters = Map.of(
                "DATA_DIR", Files.createDirectories(dir.resolve("data")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + dir.resolve("missing.iso").toUri() + "\",\"version\":\"417.94.202410090854-0\"}]");
        return StandaloneTomcat.start(Files.createDirectories(dir.resolve("base")), env, parameters, port);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (AutoCloseable closeable : new AutoCloseable[] {tls12, tls13, assisted}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theListedSuiteIsNegotiatedOverTls12() throws Exception {
        Handshake handshake = sClient(tls12Port, "-tls1_2", "-cipher", LISTED_OPENSSL);
        assertEquals(0, handshake.exit(), handshake.output());
        assertTrue(handshake.output().contains("Cipher is " + LISTED_OPENSSL), handshake.output());
    }

    @Test
    void aSuiteOutsideTheListIsRefused() throws Exception {
        Handshake handshake = sClient(tls12Port, "-tls1_2", "-cipher", UNLISTED_OPENSSL);
        assertNotEquals(0, handshake.exit(), handshake.output());
        assertFalse(handshake.output().contains("Cipher is " + UNLISTED_OPENSSL), handshake.output());
    }

    @Test
    void tls13StaysAvailableWithATls12SuiteListAsInGo() throws Exception {
        Handshake handshake = sClient(tls12Port, "-tls1_3");
        assertEquals(0, handshake.exit(), handshake.output());
        assertTrue(handshake.output().contains("TLSv1.3"), handshake.output());
    }

    @Test
    void minimumTls13RefusesTls12() throws Exception {
        Handshake refused = sClient(tls13Port, "-tls1_2");
        assertNotEquals(0, refused.exit(), refused.output());
        Handshake accepted = sClient(tls13Port, "-tls1_3");
        assertEquals(0, accepted.exit(), accepted.output());
        assertTrue(accepted.output().contains("TLSv1.3"), accepted.output());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"TLS_MIN_VERSION, VersionTLS14", "TLS_MIN_VERSION, TLSv1.2", "TLS_CIPHER_SUITES, TLS_NOT_A_SUITE",
        "TLS_CIPHER_SUITES, ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_CIPHER_SUITES, " + LISTED + ";x"})
    void anInvalidValueStopsTheStartWithOneLineNamingTheVariable(String variable, String value) throws Exception {
        Path runtime = Files.createDirectories(work.resolve("invalid-" + Math.abs((variable + value).hashCode())));
        ProcessBuilder builder = new ProcessBuilder("sh", Path.of("tomcat-conf/bin/start-tomcat.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("TOMCAT_RUNTIME_DIR", runtime.toString());
        builder.environment().put(variable, value);
        Handshake start = run(builder);
        assertEquals(1, start.exit(), start.output());
        List<String> lines = start.output().lines().toList();
        assertEquals(1, lines.size(), start.output());
        assertTrue(lines.get(0).startsWith("configure-connectors.sh: " + variable + "=\"" + value + "\""),
                lines.get(0));
        assertFalse(Files.exists(runtime.resolve("server.xml")), "no server.xml for Tomcat");
    }

    private record Handshake(int exit, String output) {
    }

    private static Handshake sClient(int port, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + port, "-servername", "localhost"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return run(builder);
    }

    private static Handshake run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("did not end: " + builder.command());
        }
        return new Handshake(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
