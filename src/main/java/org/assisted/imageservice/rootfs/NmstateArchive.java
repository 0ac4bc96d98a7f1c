package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.assisted.imageservice.archive.InitrdArchive;

/**
 * The nmstate archive appended to PXE initrds and shipped in minimal ISOs as {@code images/nmstate.img}
 * (docs/upstream-behaviour.md#nmstatectl-archive): an {@link InitrdArchive} holding only {@code /usr/bin/nmstatectl},
 * mode 0100755.
 */
public final class NmstateArchive {

    public static final String ENTRY_NAME = "/usr/bin/nmstatectl";
    private static final int ENTRY_MODE = 0100755;

    private NmstateArchive() {
    }

    /**
     * Streams the archive for the {@code size} bytes of {@code binary} to {@code out}, which is left open.
     * Fails if {@code binary} holds fewer or more than {@code size} bytes.
     *
     * @return the number of bytes written, a multiple of 4
     */
    public static long write(InputStream binary, long size, OutputStream out) throws IOException {
        return InitrdArchive.write(ENTRY_NAME, ENTRY_MODE, size, binary, out);
    }
}
