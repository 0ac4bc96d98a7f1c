package org.assisted.imageservice.coreos;

import java.util.List;

import org.assisted.imageservice.archive.InitrdArchive;
import org.assisted.imageservice.archive.cpio.CpioEntry;

/**
 * The ignition archive embedded in an ISO's ignition area or appended to a PXE initrd
 * (docs/upstream-behaviour.md#ignition-archive): one member {@code config.ign}, mode {@code 0100644}, in a gzip'd newc
 * cpio padded to a multiple of 4 bytes.
 */
public final class IgnitionArchive {

    /** Member name read by Ignition and coreos-installer. */
    public static final String CONFIG_NAME = "config.ign";
    /** Regular file, rw-r--r--. */
    public static final int CONFIG_MODE = 0100644;

    private IgnitionArchive() {
    }

    /**
     * @param config    the Ignition config; when empty, the archive holds only the trailer
     * @param maxLength the ignition area length in bytes (use {@link Long#MAX_VALUE} for a PXE initrd)
     * @return the archive, at most {@code maxLength} bytes; see {@link InitrdArchive} on determinism
     * @throws EmbedAreaTooSmallException if even the compressed archive exceeds {@code maxLength}
     */
    public static byte[] of(byte[] config, long maxLength) throws EmbedAreaTooSmallException {
        List<CpioEntry> entries = config.length == 0 ? List.of() : List.of(new CpioEntry(CONFIG_NAME, CONFIG_MODE, config));
        byte[] archive = InitrdArchive.of(entries, maxLength);
        if (archive.length > maxLength) {
            throw new EmbedAreaTooSmallException("ignition area", archive.length, maxLength);
        }
        return archive;
    }
}
