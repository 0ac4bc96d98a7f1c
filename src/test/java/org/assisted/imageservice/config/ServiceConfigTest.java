package org.assisted.imageservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceConfigTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path tempDir;

    private Map<String, String> env;

    @BeforeEach
    void minimalValidEnvironment() {
        env = new HashMap<>(Map.of(
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", "assisted-service:8090",
                "DATA_DIR", dataDir.toString(),
                "DATA_TEMP_DIR", tempDir.toString()));
    }

    private ServiceConfig parse() {
        return ServiceConfig.fromEnvironment(env);
    }

    private String error() {
        return assertThrows(ConfigException.class, this::parse).getMessage();
    }

    @Test
    void defaults() {
        ServiceConfig config = parse();
        assertEquals(URI.create("http://assisted-service:8090"), config.assistedService().baseUri());
        assertNull(config.assistedService().trustedCaFile());
        assertEquals(Duration.ofSeconds(10), config.assistedService().connectTimeout());
        assertEquals(Duration.ofSeconds(60), config.assistedService().responseTimeout());
        assertEquals(dataDir.toAbsolutePath(), config.store().dataDir());
        assertEquals(tempDir.toAbsolutePath(), config.store().dataTempDir());
        assertEquals(OsImagesParser.DEFAULT_IMAGES, config.store().images());
        assertEquals(7, config.store().images().size());
        assertEquals(new OsImageEntry("4.8", "x86_64", "https://mirror.openshift.com/pub/openshift-v4/x86_64/dependencies/"
                + "rhcos/4.8/4.8.14/rhcos-4.8.14-x86_64-live.x86_64.iso", "48.84.202109241901-0", ImageType.FULL_ISO),
                config.store().images().get(0));
        assertEquals("", config.store().imageServiceBaseUrl());
        ServiceConfig.DownloadConfig download = config.store().download();
        assertEquals(Map.of(), download.requestHeaders());
        assertEquals(Map.of(), download.requestQueryParams());
        assertEquals(new ServiceConfig.DownloadTls(false, null), download.tls());
        assertEquals(new ServiceConfig.DownloadLimits(104_857_600, 5_242_880, Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofSeconds(5), Duration.ofSeconds(300)), download.limits());
        assertEquals(new ServiceConfig.ServingConfig(400, 400, 2000, Duration.ofSeconds(60), List.of(),
                ServiceConfig.Listeners.HTTP, Duration.ofSeconds(30), OptionalInt.empty()),
                config.serving());
        assertEquals(Level.INFO, config.logLevel());
    }

    private static final Map<String, Function<ServiceConfig, Object>> FIELDS = Map.ofEntries(
            Map.entry("baseUri", c -> c.assistedService().baseUri()),
            Map.entry("connectTimeout", c -> c.assistedService().connectTimeout()),
            Map.entry("responseTimeout", c -> c.assistedService().responseTimeout()),
            Map.entry("maxConcurrentRequests", c -> c.serving().maxConcurrentRequests()),
            Map.entry("maxConcurrentBootArtifactRequests", c -> c.serving().maxConcurrentBootArtifactRequests()),
            Map.entry("maxWaitingRequests", c -> c.serving().maxWaitingRequests()),
            Map.entry("requestWaitTimeout", c -> c.serving().requestWaitTimeout()),
            Map.entry("allowedDomains", c -> c.serving().allowedDomains()),
            Map.entry("assistedServiceCache", c -> c.serving().assistedServiceCache()),
            Map.entry("probePort", c -> c.serving().probePort()),
            Map.entry("insecureSkipVerify", c -> c.store().download().tls().insecureSkipVerify()),
            Map.entry("logLevel", ServiceConfig::logLevel),
            Map.entry("baseUrl", c -> c.store().imageServiceBaseUrl()),
            Map.entry("headers", c -> c.store().download().requestHeaders()),
            Map.entry("queryParams", c -> c.store().download().requestQueryParams()),
            Map.entry("limits", c -> c.store().download().limits()),
            Map.entry("images", c -> c.store().images()));

    @ParameterizedTest(name = "{0}={1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "ASSISTED_SERVICE_SCHEME|HTTPS|baseUri|https://assisted-service:8090",
        "ASSISTED_SERVICE_HOST|10.0.0.1|baseUri|http://10.0.0.1",
        "ASSISTED_SERVICE_HOST|[::1]:8090|baseUri|http://[::1]:8090",
        "ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS|3|connectTimeout|PT3S",
        "ASSISTED_SERVICE_TIMEOUT_SECONDS|0x10|responseTimeout|PT16S",
        "MAX_CONCURRENT_REQUESTS|1|maxConcurrentRequests|1",
        "MAX_CONCURRENT_REQUESTS|0x10|maxConcurrentRequests|16",
        "MAX_CONCURRENT_REQUESTS|017|maxConcurrentRequests|15",
        "MAX_CONCURRENT_REQUESTS|0b101|maxConcurrentRequests|5",
        "MAX_CONCURRENT_REQUESTS|1_000|maxConcurrentRequests|1000",
        "MAX_CONCURRENT_REQUESTS|2147483647|maxConcurrentRequests|2147483647",
        "MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS|25|maxConcurrentBootArtifactRequests|25",
        "MAX_WAITING_REQUESTS|0|maxWaitingRequests|0",
        "MAX_WAITING_REQUESTS|5000|maxWaitingRequests|5000",
        "REQUEST_WAIT_TIMEOUT_SECONDS|5|requestWaitTimeout|PT5S",
        "ALLOWED_DOMAINS|https://a.example, https://b.example,|allowedDomains|[https://a.example, https://b.example]",
        "ALLOWED_DOMAINS||allowedDomains|[]",
        "ASSISTED_SERVICE_CACHE_SECONDS|0|assistedServiceCache|PT0S",
        "ASSISTED_SERVICE_CACHE_SECONDS|5|assistedServiceCache|PT5S",
        "ASSISTED_SERVICE_CACHE_SECONDS|300|assistedServiceCache|PT5M",
        "PROBE_LISTEN_PORT|8081|probePort|OptionalInt[8081]",
        "PROBE_LISTEN_PORT||probePort|OptionalInt.empty",
        "INSECURE_SKIP_VERIFY|T|insecureSkipVerify|true",
        "INSECURE_SKIP_VERIFY|1|insecureSkipVerify|true",
        "INSECURE_SKIP_VERIFY|False|insecureSkipVerify|false",
        "LOGLEVEL|panic|logLevel|SEVERE",
        "LOGLEVEL|fatal|logLevel|SEVERE",
        "LOGLEVEL|error|logLevel|SEVERE",
        "LOGLEVEL|warn|logLevel|WARNING",
        "LOGLEVEL|Warning|logLevel|WARNING",
        "LOGLEVEL|info|logLevel|INFO",
        "LOGLEVEL|DEBUG|logLevel|FINE",
        "LOGLEVEL|trace|logLevel|FINEST",
        "LOG_LEVEL|debug|logLevel|FINE",
        "IMAGE_SERVICE_BASE_URL|https://images.example.com/api/assisted-images|baseUrl|https://images.example.com/api/assisted-images",
        "IMAGE_SERVICE_BASE_URL||baseUrl|''",
        "OS_IMAGES_REQUEST_HEADERS|{\"Authorization\":\"Bearer x\"}|headers|{Authorization=Bearer x}",
        "OS_IMAGES_REQUEST_HEADERS|null|headers|{}",
        "OS_IMAGES_REQUEST_QUERY_PARAMS|{\"a\":\"1\",\"a\":\"2\"}|queryParams|{a=2}",
        "MIN_ROOTFS_SIZE|0|limits|DownloadLimits[minRootfsSize=0, minKernelSize=5242880, connectTimeout=PT30S, stallTimeout=PT2M, initialRetryDelay=PT5S, maxRetryDelay=PT5M]",
        "OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS|5|limits|DownloadLimits[minRootfsSize=104857600, minKernelSize=5242880, connectTimeout=PT30S, stallTimeout=PT2M, initialRetryDelay=PT5S, maxRetryDelay=PT5S]",
        "OS_IMAGES|[{\"openshift_version\":\"4.18\",\"cpu_architecture\":\"arm64\",\"url\":\"file:///srv/a.iso\",\"version\":\"418.1\",\"type\":\"disconnected-iso\",\"extra\":\"ignored\"}]|images|[OsImageEntry[openshiftVersion=4.18, cpuArchitecture=arm64, url=file:///srv/a.iso, version=418.1, type=disconnected-iso, sha256=Optional.empty]]",
        "OS_IMAGES|[{\"openshift_version\":\"\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"type\":\"\"}]|images|[OsImageEntry[openshiftVersion=, cpuArchitecture=x86_64, url=http://h/a.iso, version=v, type=full-iso, sha256=Optional.empty]]",
    })
    void validValues(String name, String value, String field, String expected) {
        env.put(name, value == null ? "" : value);
        assertEquals(expected, String.valueOf(FIELDS.get(field).apply(parse())));
    }

    /**
     * Upstream's servers_test.go table (its {@code New(httpPort, httpsPort, ...)} takes HTTP_LISTEN_PORT first),
     * LISTEN_PORT defaulting to 8080, and half-configured TLS falling back to HTTP.
     */
    @ParameterizedTest(name = "LISTEN_PORT={0} HTTP_LISTEN_PORT={1} cert={2} key={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "|8080|||HTTP",
        "8443|8081|||HTTP",
        "8443||/tls/cert.pem|/tls/key.pem|HTTPS",
        "8444|8082|/tls/cert.pem|/tls/key.pem|HTTP_AND_HTTPS",
        "8445||||HTTP",
        "|8082|/tls/cert.pem|/tls/key.pem|HTTP_AND_HTTPS",
        "8443|8080|/tls/cert.pem||HTTP",
        "8443|8080||/tls/key.pem|HTTP",
    })
    void listenersFollowTheUpstreamTable(String listenPort, String httpListenPort, String cert, String key,
                                         ServiceConfig.Listeners expected) {
        putIfNotNull("LISTEN_PORT", listenPort);
        putIfNotNull("HTTP_LISTEN_PORT", httpListenPort);
        putIfNotNull("HTTPS_CERT_FILE", cert);
        putIfNotNull("HTTPS_KEY_FILE", key);
        assertEquals(expected, parse().serving().listeners());
    }

    private void putIfNotNull(String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ASSISTED_SERVICE_HOST||ASSISTED_SERVICE_HOST is not set",
        "ASSISTED_SERVICE_HOST|a/b|ASSISTED_SERVICE_HOST=\"a/b\": must be host or host:port",
        "ASSISTED_SERVICE_HOST|user@h|ASSISTED_SERVICE_HOST=\"user@h\": must be host or host:port",
        "ASSISTED_SERVICE_HOST|h:99999|ASSISTED_SERVICE_HOST=\"h:99999\": must be host or host:port",
        "ASSISTED_SERVICE_HOST|h:port|ASSISTED_SERVICE_HOST=\"h:port\": must be host or host:port",
        "ASSISTED_SERVICE_SCHEME||ASSISTED_SERVICE_SCHEME is not set",
        "ASSISTED_SERVICE_SCHEME|ftp|ASSISTED_SERVICE_SCHEME=\"ftp\": must be http or https",
        "ASSISTED_SERVICE_API_TRUSTED_CA_FILE|/nonexistent/ca.pem|ASSISTED_SERVICE_API_TRUSTED_CA_FILE=\"/nonexistent/ca.pem\": cannot read file (NoSuchFileException)",
        "HTTPS_CA_FILE|/nonexistent/ca.pem|HTTPS_CA_FILE=\"/nonexistent/ca.pem\": cannot read file (NoSuchFileException)",
        "OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE|/nonexistent/ca.pem|OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE=\"/nonexistent/ca.pem\": cannot read file (NoSuchFileException)",
        "ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS|0|ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS=\"0\": must be between 1 and 86400",
        "ASSISTED_SERVICE_TIMEOUT_SECONDS||ASSISTED_SERVICE_TIMEOUT_SECONDS=\"\": not an integer",
        "DATA_DIR||DATA_DIR is not set",
        "DATA_DIR|/nonexistent/data|DATA_DIR=\"/nonexistent/data\": not an existing directory",
        "DATA_TEMP_DIR||DATA_TEMP_DIR=\"\": not an existing directory",
        "DATA_TEMP_DIR|/nonexistent/tmp|DATA_TEMP_DIR=\"/nonexistent/tmp\": not an existing directory",
        "MAX_CONCURRENT_REQUESTS|0|MAX_CONCURRENT_REQUESTS=\"0\": must be between 1 and 2147483647",
        "MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS|0|MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS=\"0\": must be between 1 and 2147483647",
        "MAX_WAITING_REQUESTS|-1|MAX_WAITING_REQUESTS=\"-1\": must be between 0 and 2147483647",
        "REQUEST_WAIT_TIMEOUT_SECONDS|0|REQUEST_WAIT_TIMEOUT_SECONDS=\"0\": must be between 1 and 86400",
        "ASSISTED_SERVICE_CACHE_SECONDS|301|ASSISTED_SERVICE_CACHE_SECONDS=\"301\": must be between 0 and 300",
        "ASSISTED_SERVICE_CACHE_SECONDS|-1|ASSISTED_SERVICE_CACHE_SECONDS=\"-1\": must be between 0 and 300",
        "PROBE_LISTEN_PORT|0|PROBE_LISTEN_PORT=\"0\": must be between 1 and 65535",
        "PROBE_LISTEN_PORT|65536|PROBE_LISTEN_PORT=\"65536\": must be between 1 and 65535",
        "PROBE_LISTEN_PORT|80a|PROBE_LISTEN_PORT=\"80a\": not an integer",
        "MAX_CONCURRENT_REQUESTS|-1|MAX_CONCURRENT_REQUESTS=\"-1\": must be between 1 and 2147483647",
        "MAX_CONCURRENT_REQUESTS|2147483648|MAX_CONCURRENT_REQUESTS=\"2147483648\": must be between 1 and 2147483647",
        "MAX_CONCURRENT_REQUESTS||MAX_CONCURRENT_REQUESTS=\"\": not an integer",
        "MAX_CONCURRENT_REQUESTS|ten|MAX_CONCURRENT_REQUESTS=\"ten\": not an integer",
        "MAX_CONCURRENT_REQUESTS|08|MAX_CONCURRENT_REQUESTS=\"08\": not an integer",
        "MAX_CONCURRENT_REQUESTS|99999999999999999999|MAX_CONCURRENT_REQUESTS=\"99999999999999999999\": not an integer",
        "CLUSTER-IMAGE_MAX_CONCURRENT_REQUESTS|x|CLUSTER-IMAGE_MAX_CONCURRENT_REQUESTS=\"x\": not an integer",
        "MIN_ROOTFS_SIZE|-1|MIN_ROOTFS_SIZE=\"-1\": must be between 0 and 9223372036854775807",
        "MIN_KERNEL_SIZE|5M|MIN_KERNEL_SIZE=\"5M\": not an integer",
        "OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS|86401|OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS=\"86401\": must be between 1 and 86400",
        "OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS|600|OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS (600) must not exceed OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS (300)",
        "INSECURE_SKIP_VERIFY|yes|INSECURE_SKIP_VERIFY=\"yes\": not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)",
        "INSECURE_SKIP_VERIFY||INSECURE_SKIP_VERIFY=\"\": not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)",
        "LOGLEVEL|verbose|LOGLEVEL=\"verbose\": not a valid level (panic, fatal, error, warn, warning, info, debug, trace)",
        "LOGLEVEL||LOGLEVEL=\"\": not a valid level (panic, fatal, error, warn, warning, info, debug, trace)",
        "LOG_LEVEL|nope|LOG_LEVEL=\"nope\": not a valid level (panic, fatal, error, warn, warning, info, debug, trace)",
        "IMAGE_SERVICE_BASE_URL|:|IMAGE_SERVICE_BASE_URL=\":\": must be an absolute http or https URL",
        "IMAGE_SERVICE_BASE_URL|images.example.com|IMAGE_SERVICE_BASE_URL=\"images.example.com\": must be an absolute http or https URL",
        "IMAGE_SERVICE_BASE_URL|ftp://images.example.com|IMAGE_SERVICE_BASE_URL=\"ftp://images.example.com\": must be an absolute http or https URL",
        "OS_IMAGES|[]|OS_IMAGES: invalid versions: must not be empty",
        "OS_IMAGES|null|OS_IMAGES: invalid versions: must not be empty",
        "RHCOS_VERSIONS|[]|RHCOS_VERSIONS: invalid versions: must not be empty",
        "OS_IMAGES|{}|OS_IMAGES: must be a JSON array of objects",
        "OS_IMAGES|[1]|OS_IMAGES: entry 0: must be a JSON object",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\"}]|OS_IMAGES: invalid version entry 0: missing version key",
        "OS_IMAGES|[{\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\"}]|OS_IMAGES: invalid version entry 0: missing openshift_version key",
        "OS_IMAGES|[{\"openshift_version\":4.8,\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\"}]|OS_IMAGES: entry 0: value of \"openshift_version\" must be a JSON string",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"type\":null}]|OS_IMAGES: entry 0: value of \"type\" must be a JSON string",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"type\":\"minimal-iso\"}]|OS_IMAGES: entry 0: invalid image type: minimal-iso",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"sha256\":\"abc\"}]|OS_IMAGES: entry 0: sha256 must be 64 hexadecimal digits, got 3 characters",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"sha256\":\"\"}]|OS_IMAGES: entry 0: sha256 must be 64 hexadecimal digits, got 0 characters",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"v\",\"type\":\"invalid-type\"}]|OS_IMAGES: entry 0: invalid image type: invalid-type",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"ftp://h/a.iso\",\"version\":\"v\"}]|OS_IMAGES: entry 0: url \"ftp://h/a.iso\" must be an absolute http, https or file URL",
        "OS_IMAGES|[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\",\"version\":\"../v\"}]|OS_IMAGES: entry 0: version \"../v\" must not contain path separators",
        "OS_IMAGES|[{|OS_IMAGES: invalid JSON at line 1, column 3: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2])",
        "OS_IMAGES|[] []|OS_IMAGES: unexpected data after the JSON value",
        "OS_IMAGES_REQUEST_HEADERS|{\"Authorization\":5}|OS_IMAGES_REQUEST_HEADERS: value of \"Authorization\" must be a JSON string",
        "OS_IMAGES_REQUEST_HEADERS|{\"Authorization\": Bearer SECRET}|OS_IMAGES_REQUEST_HEADERS: invalid JSON at line 1, column 25",
        "OS_IMAGES_REQUEST_HEADERS|{\"Bad Header\":\"SECRET\"}|OS_IMAGES_REQUEST_HEADERS: header name \"Bad Header\" is not a valid HTTP token",
        "OS_IMAGES_REQUEST_HEADERS|{\"X\":\"SECRET\\r\\nInjected: 1\"}|OS_IMAGES_REQUEST_HEADERS: value of header \"X\" contains control characters",
        "OS_IMAGES_REQUEST_HEADERS|[\"SECRET\"]|OS_IMAGES_REQUEST_HEADERS: must be a JSON object of strings",
        "OS_IMAGES_REQUEST_QUERY_PARAMS|{\"token\": SECRET}|OS_IMAGES_REQUEST_QUERY_PARAMS: invalid JSON at line 1, column 17",
        "OS_IMAGES_REQUEST_QUERY_PARAMS|{\"a\":[\"SECRET\"]}|OS_IMAGES_REQUEST_QUERY_PARAMS: value of \"a\" must be a JSON string",
    })
    void invalidValues(String name, String value, String message) {
        env.put(name, value == null ? "" : value);
        String error = error();
        assertEquals(message, error);
        assertFalse(error.contains("SECRET"), error);
    }

    @Test
    void missingRequiredVariables() {
        env.remove("ASSISTED_SERVICE_HOST");
        assertEquals("ASSISTED_SERVICE_HOST is not set", error());
        env.put("ASSISTED_SERVICE_HOST", "h");
        env.remove("DATA_DIR");
        assertEquals("DATA_DIR is not set", error());
    }

    @Test
    void dataDirTrailingSlashIsNormalised() {
        env.put("DATA_DIR", dataDir + "/");
        assertEquals(dataDir.toAbsolutePath(), parse().store().dataDir());
        env.put("DATA_DIR", dataDir + "/sub/..");
        assertEquals(dataDir.toAbsolutePath(), parse().store().dataDir());
    }

    @Test
    void dataTempDirDefaultsToDataTempWhenItExistsElseToTheJavaTempDir() throws IOException {
        env.remove("DATA_TEMP_DIR");
        Path existing = Files.createDirectory(tempDir.resolve("data_temp"));
        assertEquals(existing, ServiceConfigParser.parse(env, existing).store().dataTempDir());
        Path missing = tempDir.resolve("missing");
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize(),
                ServiceConfigParser.parse(env, missing).store().dataTempDir());
    }

    @Test
    void anOsImagesEntryMayNameItsSha256InEitherCase() {
        String digest = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        env.put("OS_IMAGES", "[{\"openshift_version\":\"4.8\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/a.iso\","
                + "\"version\":\"v\",\"sha256\":\"" + digest + "\"},"
                + "{\"openshift_version\":\"4.9\",\"cpu_architecture\":\"x86_64\",\"url\":\"http://h/b.iso\",\"version\":\"w\"}]");
        List<OsImageEntry> images = ServiceConfig.fromEnvironment(env).store().images();
        assertEquals(Optional.of(digest.toLowerCase(Locale.ROOT)), images.get(0).sha256());
        assertEquals(Optional.empty(), images.get(1).sha256());
    }
}
