package org.assisted.imageservice.iso;

import java.util.Arrays;
import java.util.List;

/**
 * A gzip-compressed newc cpio archive, zero-padded to a multiple of 4 bytes: the form of every archive the
 * service appends to an initrd or embeds in an image (iso-formats.md §3.3, §10.6).
 *
 * <p>The gzip member uses stored deflate blocks ({@link GzipMember#stored(byte[])}) so that every instance
 * behind a load balancer serves byte-identical content (Range requests may be answered by different
 * instances). Only if that form exceeds {@code maxLength} is real compression used
 * ({@link GzipMember#deflated(byte[])}), whose bytes depend on the zlib build.
 */
public final class InitrdArchive {

    private static final int ALIGNMENT_BYTES = 4;

    private InitrdArchive() {
    }

    /**
     * @param entries   archive members, in order
     * @param maxLength the space available, in bytes; decides between the stored and the compressed form
     * @return the archive; longer than {@code maxLength} when even the compressed form does not fit
     */
    public static byte[] of(List<CpioEntry> entries, long maxLength) {
        byte[] cpio = CpioNewcWriter.toBytes(entries);
        byte[] stored = padded(GzipMember.stored(cpio));
        return stored.length <= maxLength ? stored : padded(GzipMember.deflated(cpio));
    }

    private static byte[] padded(byte[] gzip) {
        int remainder = gzip.length % ALIGNMENT_BYTES;
        return remainder == 0 ? gzip : Arrays.copyOf(gzip, gzip.length + ALIGNMENT_BYTES - remainder);
    }
}
