package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.assisted.imageservice.config.EnvironmentProxy;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadLimits;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.config.ServiceConfig.StoreConfig;
import org.assisted.imageservice.testsupport.TestIsos;

/** Configuration records for tests: small minimum sizes and millisecond-scale timeouts; the ISOs that pass them. */
final class TestConfigs {
    static final String ROOTFS = "images/pxeboot/rootfs.img";
    static final String VMLINUZ = "images/pxeboot/vmlinuz";
    static final String KERNEL_IMG = "images/pxeboot/kernel.img";
    static final int ROOTFS_BYTES = 70_000;
    static final int KERNEL_BYTES = 20_000;
    /** Test minimums: the standard test ISO passes them. */
    static final long MIN_ROOTFS_BYTES = 65_536;
    static final long MIN_KERNEL_BYTES = 16_384;
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration STALL = Duration.ofSeconds(5);
    static final Duration RETRY_INITIAL = Duration.ofMillis(20);
    static final Duration RETRY_MAX = Duration.ofMillis(100);

    private TestConfigs() {
    }

    static DownloadLimits limits(Duration stall) {
        return limits(stall, RETRY_INITIAL, RETRY_MAX);
    }

    static DownloadLimits limits(Duration stall, Duration retryInitial, Duration retryMax) {
        return new DownloadLimits(MIN_ROOTFS_BYTES, MIN_KERNEL_BYTES, CONNECT, stall, retryInitial, retryMax);
    }

    static DownloadConfig download() {
        return download(Map.of(), Map.of(), new DownloadTls(false, null), limits(STALL));
    }

    static DownloadConfig download(Map<String, String> headers, Map<String, String> query, DownloadTls tls, DownloadLimits limits) {
        return new DownloadConfig(headers, query, tls, limits, EnvironmentProxy.NONE);
    }

    static StoreConfig store(Path dataDir, List<OsImageEntry> images) {
        return store(dataDir, images, download());
    }

    /** Without IMAGE_SERVICE_BASE_URL, so no minimal-ISO templates. */
    static StoreConfig store(Path dataDir, List<OsImageEntry> images, DownloadConfig download) {
        return storeWithBaseUrl(dataDir, images, download, "");
    }

    /** DATA_TEMP_DIR is {@code data_temp} next to DATA_DIR, created if needed. */
    static StoreConfig storeWithBaseUrl(Path dataDir, List<OsImageEntry> images, DownloadConfig download, String baseUrl) {
        return new StoreConfig(dataDir, tempDir(dataDir), images, download, baseUrl);
    }

    /** @return {@code data_temp} next to {@code dataDir}, created if needed */
    static Path tempDir(Path dataDir) {
        try {
            return Files.createDirectories(dataDir.resolveSibling("data_temp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OsImageEntry full(String openshiftVersion, String arch, String url, String version) {
        return new OsImageEntry(openshiftVersion, arch, url, version, ImageType.FULL_ISO);
    }

    static OsImageEntry disconnected(String openshiftVersion, String arch, String url, String version) {
        return new OsImageEntry(openshiftVersion, arch, url, version, ImageType.DISCONNECTED_ISO);
    }

    /** {@code dir/name}: an RHCOS-like ISO whose rootfs and kernel pass the test minimums. */
    static Path rhcosIso(Path dir, String name) throws IOException {
        return iso(dir, name, "rhcos-test-x86_64", Map.of(ROOTFS, ROOTFS_BYTES, VMLINUZ, KERNEL_BYTES));
    }

    /**
     * {@code dir/name}: an ISO of only {@code files}.
     *
     * @param files ISO path → size in bytes; content is {@link TestIsos#pattern} bytes
     */
    static Path iso(Path dir, String name, String volumeId, Map<String, Integer> files) throws IOException {
        TestIsos spec = TestIsos.bare(volumeId);
        for (Map.Entry<String, Integer> file : new TreeMap<>(files).entrySet()) {
            spec = spec.patternFile(file.getKey(), file.getValue());
        }
        return spec.writeTo(dir.resolve(name));
    }
}
