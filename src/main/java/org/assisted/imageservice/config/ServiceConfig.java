package org.assisted.imageservice.config;

import java.util.List;
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
     * @param dataDir            DATA_DIR: downloaded ISOs, templates, caches
     * @param dataTempDir        DATA_TEMP_DIR: scratch space
     * @param images             OS_IMAGES (or RHCOS_VERSIONS, or the built-in list), in configured order
     * @param download           how OS images are downloaded
     * @param imageServiceBaseUrl IMAGE_SERVICE_BASE_URL, used in minimal-ISO rootfs URLs (may be empty)
     */
    public record StoreConfig(java.nio.file.Path dataDir, java.nio.file.Path dataTempDir, List<OsImageEntry> images,
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
     */
    public record DownloadConfig(java.util.Map<String, String> requestHeaders, java.util.Map<String, String> requestQueryParams,
                                 DownloadTls tls, DownloadLimits limits) {
        public DownloadConfig {
            requestHeaders = java.util.Map.copyOf(requestHeaders);
            requestQueryParams = java.util.Map.copyOf(requestQueryParams);
        }
    }

    /**
     * @param insecureSkipVerify INSECURE_SKIP_VERIFY (wins over the CA file, unlike upstream)
     * @param trustedCaFile      OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE, added to the system trust store; null when unset
     */
    public record DownloadTls(boolean insecureSkipVerify, java.nio.file.Path trustedCaFile) {
    }

    /**
     * @param minRootfsSize     MIN_ROOTFS_SIZE in bytes (default 100 MiB)
     * @param minKernelSize     MIN_KERNEL_SIZE in bytes (default 5 MiB)
     * @param connectTimeout    OS_IMAGE_DOWNLOAD_CONNECT_TIMEOUT_SECONDS
     * @param stallTimeout      OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS: socket read timeout
     * @param initialRetryDelay OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS: first backoff, doubled up to maxRetryDelay
     * @param maxRetryDelay     OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS
     */
    public record DownloadLimits(long minRootfsSize, long minKernelSize, java.time.Duration connectTimeout,
                                 java.time.Duration stallTimeout, java.time.Duration initialRetryDelay,
                                 java.time.Duration maxRetryDelay) {
    }

    /**
     * @param baseUri         ASSISTED_SERVICE_SCHEME://ASSISTED_SERVICE_HOST
     * @param trustedCaFile   ASSISTED_SERVICE_API_TRUSTED_CA_FILE (or HTTPS_CA_FILE); null when unset
     * @param connectTimeout  ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS
     * @param responseTimeout ASSISTED_SERVICE_TIMEOUT_SECONDS: the whole call, from sending to the last body byte
     */
    public record AssistedServiceConfig(java.net.URI baseUri, java.nio.file.Path trustedCaFile,
                                        java.time.Duration connectTimeout, java.time.Duration responseTimeout) {
    }

    /**
     * @param maxConcurrentRequests MAX_CONCURRENT_REQUESTS on the image routes (&gt; 0)
     * @param allowedDomains        ALLOWED_DOMAINS, spaces removed, split on commas; empty disables CORS
     */
    public record ServingConfig(int maxConcurrentRequests, List<String> allowedDomains) {
        public ServingConfig {
            allowedDomains = List.copyOf(allowedDomains);
        }
    }
}
