package org.assisted.imageservice.assisted;

import java.util.Objects;
import java.util.Optional;
import org.assisted.imageservice.config.ImageType;

/**
 * What to fetch for one image-service request. Ignition is always fetched.
 *
 * @param imageId         InfraEnv ID; percent-encoded into the URL path; must not be empty, {@code .} or {@code ..}
 * @param credential      forwarded on every call, if any
 * @param isoType         {@code discovery_iso_type} of the ignition call; empty for PXE artifacts
 * @param ramdisk         whether to fetch the minimal-initrd (static network) ramdisk
 * @param kernelArguments whether to fetch the InfraEnv for its kernel arguments
 */
public record FetchRequest(String imageId, Optional<Credential> credential, Optional<ImageType> isoType,
                           boolean ramdisk, boolean kernelArguments) {

    public FetchRequest {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(isoType, "isoType");
        if (imageId.isEmpty() || imageId.equals(".") || imageId.equals("..")) {
            throw new IllegalArgumentException("image ID must be a non-empty path segment other than . and ..");
        }
    }

    /** The calls of an ISO download: ramdisk for minimal ISOs only, kernel arguments always. */
    public static FetchRequest forIso(String imageId, Optional<Credential> credential, ImageType type) {
        return new FetchRequest(imageId, credential, Optional.of(type), type == ImageType.MINIMAL_ISO, true);
    }

    /** The calls of {@code pxe-initrd} and {@code s390x-initrd-addrsize}: no ISO type, ramdisk, no kernel arguments. */
    public static FetchRequest forPxe(String imageId, Optional<Credential> credential) {
        return new FetchRequest(imageId, credential, Optional.empty(), true, false);
    }
}
