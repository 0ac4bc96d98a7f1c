package org.assisted.imageservice.config;

import java.util.List;
import java.util.Optional;

/** The kinds of discovery image, with the wire names used in URLs, OS_IMAGES and file names. */
public enum ImageType {
    FULL_ISO("full-iso"),
    MINIMAL_ISO("minimal-iso"),
    DISCONNECTED_ISO("disconnected-iso");

    private static final List<ImageType> ALL = List.of(values());

    private final String wireName;

    ImageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ImageType> fromWireName(String name) {
        for (ImageType type : ALL) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
