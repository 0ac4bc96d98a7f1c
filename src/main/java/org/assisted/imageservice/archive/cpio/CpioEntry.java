package org.assisted.imageservice.archive.cpio;

import java.util.Objects;

/**
 * A regular file for a newc cpio archive.
 *
 * @param name path inside the archive as written (e.g. {@code config.ign}, {@code /usr/bin/nmstatectl})
 * @param mode full {@code st_mode} including the file-type bits, e.g. {@code 0100644}
 * @param data file content; not copied, so callers must not modify it afterwards
 */
public record CpioEntry(String name, int mode, byte[] data) {

    public CpioEntry {
        Objects.requireNonNull(data, "data");
        checkName(name);
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("cpio entry name must be non-empty and free of NUL: '" + name + "'");
        }
    }
}
