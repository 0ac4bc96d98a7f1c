package org.assisted.imageservice.config;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of discovery image, with the wire names used in URLs, OS_IMAGES and file names. */
public enum ImageType {
    FULL_ISO("full-iso"),
    MINIMAL_ISO("minimal-iso"),
    DISCONNECTED_ISO("disconnected-iso");

    private final String wireName;

    ImageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ImageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
