package org.assisted.imageservice.config;

import java.util.Optional;

/**
 * One element of OS_IMAGES / RHCOS_VERSIONS, as configured (not deduplicated).
 *
 * @param openshiftVersion OpenShift version, e.g. {@code 4.18}
 * @param cpuArchitecture  architecture string ({@code x86_64}, {@code arm64}, ...), matched as {@link org.assisted.imageservice.store.ImageCatalog#find} says
 * @param url              download URL (http, https or file)
 * @param version          RHCOS build version, used in file names
 * @param type             {@link ImageType#FULL_ISO} or {@link ImageType#DISCONNECTED_ISO}
 * @param sha256           the SHA-256 the stored file must have, 64 lower-case hex digits (our extension), or empty
 */
public record OsImageEntry(String openshiftVersion, String cpuArchitecture, String url, String version, ImageType type,
                           Optional<String> sha256) {

    /** An entry without a SHA-256. */
    public OsImageEntry(String openshiftVersion, String cpuArchitecture, String url, String version, ImageType type) {
        this(openshiftVersion, cpuArchitecture, url, version, type, Optional.empty());
    }
}
