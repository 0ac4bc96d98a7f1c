package org.assisted.imageservice.coreos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.overlay.Overlay;

/**
 * Turns a request's customisations into the overlays of a full or minimal ISO response
 * (docs/upstream-behaviour.md#streaming-with-overlays): the ignition archive at the start of the ignition area followed
 * by zeros to the end of the area (#ignition-embed-area), the ramdisk at the start of {@value RhcosPaths#RAMDISK_PATH}
 * (#ramdisk-area), and the rendered kernel arguments at the start of each kargs area (#writing-kernel-arguments).
 *
 * <p>The zero fill is made of overlays that share one read-only {@value #ZERO_CHUNK_BYTES}-byte array, plus at
 * most one smaller array, so a request allocates its archive and a few KiB, not a copy of the 256 KiB area.
 */
public final class IsoCustomizer {

    /** Length of the shared zero array backing the zero-fill overlays. */
    static final int ZERO_CHUNK_BYTES = 16 * 1024;
    /** Shared by all responses; never written. */
    private static final byte[] ZERO_CHUNK = new byte[ZERO_CHUNK_BYTES];

    private IsoCustomizer() {
    }

    /**
     * @param layout          the stored ISO
     * @param ignitionArchive the gzip'd cpio ({@link IgnitionArchive#of(byte[], long)}); not copied, so the caller
     *                        must not modify it afterwards
     * @param ramdisk         ramdisk bytes for a minimal ISO, if assisted-service returned one
     * @param kargs           rendered kernel arguments (e.g. {@code " p1 p2\n"}), if the request has any
     * @return the overlays, sorted by offset, non-overlapping, all inside the image
     * @throws EmbedAreaTooSmallException if the archive, ramdisk or kargs exceed their area, or the image has no
     *                                    ramdisk file
     * @throws KargsNotSupportedException if kargs are given and the image has no kargs area
     * @throws IsoFormatException         if the image has no ignition area, or kargs are given and
     *                                    {@code kargs.json} is malformed
     */
    public static List<Overlay> overlays(IsoLayout layout, byte[] ignitionArchive, Optional<byte[]> ramdisk,
                                         Optional<byte[]> kargs)
            throws EmbedAreaTooSmallException, KargsNotSupportedException, IsoFormatException {
        EmbedArea ignition = layout.ignitionArea().orElseThrow(() -> new IsoFormatException(
                layout.path().getFileName() + " has neither " + RhcosPaths.IGNINFO_PATH + " nor "
                        + RhcosPaths.DEFAULT_IGNITION_PATH));
        requireFits("ignition area in " + ignition.file(), ignitionArchive.length, ignition.length());
        List<Overlay> overlays = new ArrayList<>();
        overlays.add(new Overlay(ignition.offset(), ignitionArchive));
        overlays.addAll(zeros(ignition.offset() + ignitionArchive.length, ignition.length() - ignitionArchive.length));
        if (ramdisk.isPresent()) {
            overlays.add(ramdiskOverlay(layout, ramdisk.get()));
        }
        if (kargs.isPresent()) {
            for (EmbedArea area : layout.kargsAreas().require()) {
                requireFits("kargs area in " + area.file(), kargs.get().length, area.length());
                overlays.add(new Overlay(area.offset(), kargs.get()));
            }
        }
        overlays.removeIf(o -> o.bytes().length == 0);
        overlays.sort(Comparator.comparingLong(Overlay::offset));
        return overlays;
    }

    /**
     * Zero-fill overlays for {@code [offset, offset + length)}: whole chunks share {@link #ZERO_CHUNK}, the
     * remainder (less than {@value #ZERO_CHUNK_BYTES} bytes) gets its own array.
     */
    static List<Overlay> zeros(long offset, long length) {
        List<Overlay> overlays = new ArrayList<>();
        long position = offset;
        long end = offset + length;
        while (end - position >= ZERO_CHUNK_BYTES) {
            overlays.add(new Overlay(position, ZERO_CHUNK));
            position += ZERO_CHUNK_BYTES;
        }
        if (end > position) {
            overlays.add(new Overlay(position, new byte[(int) (end - position)]));
        }
        return overlays;
    }

    private static Overlay ramdiskOverlay(IsoLayout layout, byte[] ramdisk) throws EmbedAreaTooSmallException {
        String area = "ramdisk area " + RhcosPaths.RAMDISK_PATH;
        IsoFile file = layout.file(RhcosPaths.RAMDISK_PATH).orElseThrow(() -> new EmbedAreaTooSmallException(
                area + " (absent from " + layout.path().getFileName() + ")", ramdisk.length, 0));
        requireFits(area, ramdisk.length, file.size());
        return new Overlay(file.offset(), ramdisk);
    }

    private static void requireFits(String area, long needed, long available) throws EmbedAreaTooSmallException {
        if (needed > available) {
            throw new EmbedAreaTooSmallException(area, needed, available);
        }
    }
}
