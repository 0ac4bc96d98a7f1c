package org.assisted.imageservice.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Level;

/**
 * The whole configuration, parsed and validated once at deployment.
 *
 * @param store           where images live and how they are fetched
 * @param assistedService how to reach assisted-service
 * @param serving         request-serving limits and CORS
 * @param logLevel        LOGLEVEL / LOG_LEVEL mapped to a JUL level
 */
public record ServiceConfig(StoreConfig store, AssistedServiceConfig assistedService, ServingConfig serving, Level logLevel) {

    /**
     * Parses and validates every variable the service reads.
     *
     * @param values variable name to value; build it with {@link ConfigSources#merge}
     * @throws ConfigException naming the first invalid variable
     */
    public static ServiceConfig fromEnvironment(Map<String, String> values) {
        return ServiceConfigParser.parse(values, ServiceConfigParser.DEFAULT_DATA_TEMP_DIR);
    }

    /**
     * @param dataDir             DATA_DIR: downloaded ISOs, templates, caches (absolute, normalised)
     * @param dataTempDir         DATA_TEMP_DIR: scratch space (absolute, normalised)
     * @param images              OS_IMAGES (or RHCOS_VERSIONS, or the built-in list), in configured order
     * @param download            how OS images are downloaded
     * @param imageServiceBaseUrl IMAGE_SERVICE_BASE_URL, used in minimal-ISO rootfs URLs; empty when unset (no
     *                            minimal ISOs then)
     */
    public record StoreConfig(Path dataDir, Path dataTempDir, List<OsImageEntry> images,
                              DownloadConfig download, String imageServiceBaseUrl) {
        public StoreConfig {
            images = List.copyOf(images);
        }
    }

    /**
     * @param requestHeaders     OS_IMAGES_REQUEST_HEADERS
     * @param requestQueryParams OS_IMAGES_REQUEST_QUERY_PARAMS
     * @param tls                INSECURE_SKIP_VERIFY and OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE
     * @param limits             sizes, timeouts and retry policy
     * @param proxy              HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lower-case forms)
     */
    public record DownloadConfig(Map<String, String> requestHeaders, Map<String, String> requestQueryParams,
                                 DownloadTls tls, DownloadLimits limits, EnvironmentProxy proxy) {
        public DownloadConfig {
            requestHeaders = Map.copyOf(requestHeaders);
            requestQueryParams = Map.copyOf(requestQueryParams);
        }

        @Override
        public String toString() {
            return "DownloadConfig[requestHeaders=" + requestHeaders.keySet()
                    + ", requestQueryParams=" + requestQueryParams.keySet() + ", tls=" + tls + ", limits=" + limits
                    + ", proxy=" + proxy + "]";
        }
    }

    /**
     * @param insecureSkipVerify INSECURE_SKIP_VERIFY (wins over the CA file, unlike upstream)
     * @param trustedCaFile      OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE, added to the system trust store; null when unset
     */
    public record DownloadTls(boolean insecureSkipVerify, Path trustedCaFile) {
    }

    /**
     * @param minRootfsSize     MIN_ROOTFS_SIZE in bytes (default 100 MiB)
     * @param minKernelSize     MIN_KERNEL_SIZE in bytes (default 5 MiB)
     * @param connectTimeout    OS_IMAGE_DOWNLOAD_CONNECT_TIMEOUT_SECONDS
     * @param stallTimeout      OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS: socket read timeout
     * @param initialRetryDelay OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS: first backoff, doubled up to maxRetryDelay
     * @param maxRetryDelay     OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS
     */
    public record DownloadLimits(long minRootfsSize, long minKernelSize, Duration connectTimeout,
                                 Duration stallTimeout, Duration initialRetryDelay, Duration maxRetryDelay) {
    }

    /**
     * @param baseUri         ASSISTED_SERVICE_SCHEME://ASSISTED_SERVICE_HOST, without a path
     * @param trustedCaFile   ASSISTED_SERVICE_API_TRUSTED_CA_FILE (or HTTPS_CA_FILE); null when unset
     * @param connectTimeout  ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS: TCP connect, TLS handshake, pool lease
     * @param responseTimeout ASSISTED_SERVICE_TIMEOUT_SECONDS: the whole call, from sending to the last body byte
     */
    public record AssistedServiceConfig(URI baseUri, Path trustedCaFile, Duration connectTimeout, Duration responseTimeout) {
    }

    /**
     * @param maxConcurrentRequests MAX_CONCURRENT_REQUESTS on the image routes (&gt; 0)
     * @param maxConcurrentBootArtifactRequests MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS on {@code /boot-artifacts/} (&gt; 0)
     * @param maxWaitingRequests    MAX_WAITING_REQUESTS: requests that may wait for a slot, per group (&ge; 0)
     * @param requestWaitTimeout    REQUEST_WAIT_TIMEOUT_SECONDS: the longest wait for a slot before a 503
     * @param allowedDomains        ALLOWED_DOMAINS, spaces removed, split on commas, empty items dropped;
     *                              empty disables CORS
     * @param listeners             the listeners Tomcat was configured with, derived like
     *                              {@code tomcat-conf/bin/configure-connectors.sh} does
     * @param assistedServiceCache  ASSISTED_SERVICE_CACHE_SECONDS: how long a download's assisted-service answers
     *                              are reused for the same image, type and exact credential (default 30 s); zero
     *                              disables the reuse, one call per request as upstream
     * @param probePort             PROBE_LISTEN_PORT: the port of the probes' own connector, on which only
     *                              {@code /live}, {@code /health} and {@code /metrics} are served; empty when unset
     */
    public record ServingConfig(int maxConcurrentRequests, int maxConcurrentBootArtifactRequests,
            int maxWaitingRequests, Duration requestWaitTimeout, List<String> allowedDomains, Listeners listeners,
            Duration assistedServiceCache, OptionalInt probePort) {
        public ServingConfig {
            allowedDomains = List.copyOf(allowedDomains);
        }
    }

    /** Upstream's listener table (docs/upstream-behaviour.md#listeners). */
    public enum Listeners {
        /** No certificate and key: plain HTTP only. */
        HTTP,
        /** HTTPS_CERT_FILE and HTTPS_KEY_FILE set, HTTP_LISTEN_PORT empty. */
        HTTPS,
        /** Certificate, key and HTTP_LISTEN_PORT: plain HTTP serves only the PXE initrd among the image routes. */
        HTTP_AND_HTTPS;

        static Listeners of(boolean certificateAndKey, boolean httpListenPort) {
            if (!certificateAndKey) {
                return HTTP;
            }
            return httpListenPort ? HTTP_AND_HTTPS : HTTPS;
        }
    }
}
