package org.assisted.imageservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which source or variable wins, and the CA-file rules. */
class ServiceConfigPrecedenceTest {

    private static final String IMAGE_A = "[{\"openshift_version\":\"4.18\",\"cpu_architecture\":\"x86_64\","
            + "\"url\":\"https://a.example/a.iso\",\"version\":\"a\"}]";
    private static final String IMAGE_B = "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\","
            + "\"url\":\"https://b.example/b.iso\",\"version\":\"b\"}]";

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void validEnvironment() {
        env = new HashMap<>(Map.of("ASSISTED_SERVICE_SCHEME", "http", "ASSISTED_SERVICE_HOST", "env-host",
                "DATA_DIR", dir.toString(), "DATA_TEMP_DIR", dir.toString()));
    }

    @Test
    void contextParametersOverrideTheEnvironmentEvenWhenEmpty() {
        Map<String, String> context = new HashMap<>();
        context.put("ASSISTED_SERVICE_HOST", "context-host");
        context.put("ALLOWED_DOMAINS", "");
        context.put("IGNORED", null);
        env.put("ALLOWED_DOMAINS", "https://env.example");
        Map<String, String> merged = ConfigSources.merge(env, context);
        assertEquals("context-host", merged.get("ASSISTED_SERVICE_HOST"));
        assertEquals("", merged.get("ALLOWED_DOMAINS"));
        assertEquals(false, merged.containsKey("IGNORED"));
        ServiceConfig config = ServiceConfig.fromEnvironment(merged);
        assertEquals("context-host", config.assistedService().baseUri().getHost());
        assertEquals(List.of(), config.serving().allowedDomains());

        Map<String, String> viaLookup = ConfigSources.merge(env, List.of("ASSISTED_SERVICE_HOST", "UNKNOWN"),
                name -> name.equals("ASSISTED_SERVICE_HOST") ? "looked-up" : null);
        assertEquals("looked-up", viaLookup.get("ASSISTED_SERVICE_HOST"));
        assertEquals(false, viaLookup.containsKey("UNKNOWN"));
    }

    @Test
    void osImagesWinsOverRhcosVersionsUnlessEmpty() {
        env.put("RHCOS_VERSIONS", IMAGE_B);
        assertEquals("b", ServiceConfig.fromEnvironment(env).store().images().get(0).version());
        env.put("OS_IMAGES", "");
        assertEquals("b", ServiceConfig.fromEnvironment(env).store().images().get(0).version());
        env.put("OS_IMAGES", IMAGE_A);
        assertEquals("a", ServiceConfig.fromEnvironment(env).store().images().get(0).version());
        env.put("OS_IMAGES", "");
        env.put("RHCOS_VERSIONS", "");
        assertEquals(OsImagesParser.DEFAULT_IMAGES, ServiceConfig.fromEnvironment(env).store().images());
    }

    @Test
    void logLevelIsReadFromLoglevelBeforeLogLevel() {
        env.put("LOG_LEVEL", "debug");
        assertEquals(Level.FINE, ServiceConfig.fromEnvironment(env).logLevel());
        env.put("LOGLEVEL", "error");
        assertEquals(Level.SEVERE, ServiceConfig.fromEnvironment(env).logLevel());
        env.put("CLUSTER-IMAGE_LOG_LEVEL", "trace");
        assertEquals(Level.SEVERE, ServiceConfig.fromEnvironment(env).logLevel());
        env.put("CLUSTER-IMAGE_LOGLEVEL", "warn");
        assertEquals(Level.WARNING, ServiceConfig.fromEnvironment(env).logLevel());
    }

    @Test
    void prefixedNameWinsEvenWhenEmpty() {
        env.put("CLUSTER-IMAGE_ASSISTED_SERVICE_HOST", "prefixed-host");
        assertEquals("prefixed-host", ServiceConfig.fromEnvironment(env).assistedService().baseUri().getHost());
        env.put("CLUSTER-IMAGE_MAX_CONCURRENT_REQUESTS", "7");
        env.put("MAX_CONCURRENT_REQUESTS", "invalid but shadowed");
        assertEquals(7, ServiceConfig.fromEnvironment(env).serving().maxConcurrentRequests());
        env.put("CLUSTER-IMAGE_ASSISTED_SERVICE_HOST", "");
        assertEquals("ASSISTED_SERVICE_HOST is not set",
                assertThrows(ConfigException.class, () -> ServiceConfig.fromEnvironment(env)).getMessage());
    }

    @Test
    void caFilesMustHoldAPemCertificateAndHttpsCaFileIsTheFallback() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "ca");
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# comment before the block\n" + Files.readString(certificate.certificatePem())
                + "\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        Path empty = write("empty.pem", "no certificate here\n");

        env.put("HTTPS_CA_FILE", bundle.toString());
        assertEquals(bundle, ServiceConfig.fromEnvironment(env).assistedService().trustedCaFile());
        env.put("ASSISTED_SERVICE_API_TRUSTED_CA_FILE", "");
        assertEquals(bundle, ServiceConfig.fromEnvironment(env).assistedService().trustedCaFile());
        env.put("ASSISTED_SERVICE_API_TRUSTED_CA_FILE", empty.toString());
        assertEquals("ASSISTED_SERVICE_API_TRUSTED_CA_FILE=\"" + empty + "\": no PEM certificate found",
                assertThrows(ConfigException.class, () -> ServiceConfig.fromEnvironment(env)).getMessage());
        env.remove("ASSISTED_SERVICE_API_TRUSTED_CA_FILE");

        env.put("OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE", bundle.toString());
        env.put("INSECURE_SKIP_VERIFY", "true");
        assertEquals(new ServiceConfig.DownloadTls(true, bundle), ServiceConfig.fromEnvironment(env).store().download().tls());
        assertEquals(1, PemCertificates.read(bundle).size());
        env.put("OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE", empty.toString());
        assertEquals("OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE=\"" + empty + "\": no PEM certificate found",
                assertThrows(ConfigException.class, () -> ServiceConfig.fromEnvironment(env)).getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }
}
