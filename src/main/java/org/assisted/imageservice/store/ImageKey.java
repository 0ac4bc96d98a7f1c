package org.assisted.imageservice.store;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;

/**
 * Identifies one stored ISO: deduplication key and file name.
 *
 * @param version RHCOS build version
 * @param arch    CPU architecture, exactly as configured
 * @param type    image type
 */
public record ImageKey(String version, String arch, ImageType type) {

    static ImageKey of(OsImageEntry entry) {
        return new ImageKey(entry.version(), entry.cpuArchitecture(), entry.type());
    }

    /** @return {@code rhcos-<type>-<version>-<arch>.iso} */
    public String fileName() {
        return stem(type, version, arch) + ".iso";
    }

    /** @return {@code <version>/<arch>/<type>}, the name shown in health reports */
    public String displayName() {
        return version + "/" + arch + "/" + type.wireName();
    }

    static String stem(ImageType type, String version, String arch) {
        return "rhcos-" + type.wireName() + "-" + version + "-" + arch;
    }
}
