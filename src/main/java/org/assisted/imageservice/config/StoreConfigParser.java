package org.assisted.imageservice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.assisted.imageservice.config.EnvReader.Setting;
import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadLimits;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.config.ServiceConfig.StoreConfig;

/** The image-store part of the configuration: directories, image list, download settings, public base URL. */
final class StoreConfigParser {

    private static final Logger LOG = Logger.getLogger(ServiceConfig.class.getName());

    private static final long DEFAULT_MIN_ROOTFS_BYTES = 100L * 1024 * 1024;
    private static final long DEFAULT_MIN_KERNEL_BYTES = 5L * 1024 * 1024;
    private static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;
    private static final long DEFAULT_STALL_TIMEOUT_SECONDS = 120;
    private static final long DEFAULT_RETRY_INITIAL_SECONDS = 5;
    private static final long DEFAULT_RETRY_MAX_SECONDS = 300;

    private StoreConfigParser() {
    }

    static StoreConfig parse(EnvReader env, Path defaultDataTempDir) {
        Path dataDir = EnvReader.writableDirectory(env.required("DATA_DIR"));
        Path dataTempDir = dataTempDir(env, defaultDataTempDir);
        return new StoreConfig(dataDir, dataTempDir, OsImagesParser.parse(env), download(env), baseUrl(env));
    }

    /**
     * DATA_TEMP_DIR when set (it must then be a writable directory); else {@code /data_temp} when that is a
     * writable directory, as in the container image; else {@code java.io.tmpdir}, so that a plain Tomcat works.
     */
    private static Path dataTempDir(EnvReader env, Path defaultDataTempDir) {
        Optional<Setting> setting = env.lookup("DATA_TEMP_DIR");
        if (setting.isPresent()) {
            return EnvReader.writableDirectory(setting.get());
        }
        if (Files.isDirectory(defaultDataTempDir) && Files.isWritable(defaultDataTempDir)) {
            return defaultDataTempDir.toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    private static DownloadConfig download(EnvReader env) {
        Map<String, String> headers = env.nonEmpty("OS_IMAGES_REQUEST_HEADERS")
                .map(StoreConfigParser::requestHeaders).orElse(Map.of());
        Map<String, String> queryParams = env.nonEmpty("OS_IMAGES_REQUEST_QUERY_PARAMS")
                .map(setting -> JsonStringObjects.parseObject(setting, true)).orElse(Map.of());
        DownloadTls tls = new DownloadTls(env.bool("INSECURE_SKIP_VERIFY", false),
                ServiceConfigParser.caFile(env.nonEmpty("OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE")));
        return new DownloadConfig(headers, queryParams, tls, limits(env), EnvironmentProxy.parse(env));
    }

    private static Map<String, String> requestHeaders(Setting setting) {
        Map<String, String> headers = JsonStringObjects.parseObject(setting, true);
        headers.forEach((name, value) -> {
            if (name.isEmpty() || !name.chars().allMatch(StoreConfigParser::isTokenChar)) {
                throw setting.invalidSecret("header name " + EnvReader.quote(name) + " is not a valid HTTP token");
            }
            if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
                throw setting.invalidSecret("value of header " + EnvReader.quote(name) + " contains control characters");
            }
        });
        return headers;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static DownloadLimits limits(EnvReader env) {
        long maxSeconds = ServiceConfigParser.MAX_TIMEOUT_SECONDS;
        long minRootfsSize = env.integer("MIN_ROOTFS_SIZE", DEFAULT_MIN_ROOTFS_BYTES, 0, Long.MAX_VALUE);
        long minKernelSize = env.integer("MIN_KERNEL_SIZE", DEFAULT_MIN_KERNEL_BYTES, 0, Long.MAX_VALUE);
        Duration connect = env.seconds("OS_IMAGE_DOWNLOAD_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT_SECONDS, maxSeconds);
        Duration stall = env.seconds("OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS", DEFAULT_STALL_TIMEOUT_SECONDS, maxSeconds);
        Duration initial = env.seconds("OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS", DEFAULT_RETRY_INITIAL_SECONDS, maxSeconds);
        Duration max = env.seconds("OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS, maxSeconds);
        if (initial.compareTo(max) > 0) {
            throw new ConfigException("OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS (" + initial.toSeconds()
                    + ") must not exceed OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS (" + max.toSeconds() + ")");
        }
        return new DownloadLimits(minRootfsSize, minKernelSize, connect, stall, initial, max);
    }

    /**
     * Empty is allowed, as upstream does; where upstream then builds minimal ISOs with a relative rootfs URL they
     * cannot fetch, the image store serves no minimal ISOs (404) and full ISOs as usual.
     */
    private static String baseUrl(EnvReader env) {
        Optional<Setting> setting = env.nonEmpty("IMAGE_SERVICE_BASE_URL");
        if (setting.isEmpty()) {
            LOG.warning("IMAGE_SERVICE_BASE_URL is not set: minimal ISOs are disabled (their rootfs URL needs it),"
                    + " full and disconnected ISOs are served");
            return "";
        }
        try {
            URI uri = new URI(setting.get().value());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return setting.get().value();
            }
        } catch (URISyntaxException e) {
            // reported below, with the variable's name
        }
        throw setting.get().invalid("must be an absolute http or https URL");
    }
}
