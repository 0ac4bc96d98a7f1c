package org.assisted.imageservice.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

import org.assisted.imageservice.archive.cpio.CpioEntry;
import org.assisted.imageservice.archive.cpio.CpioNewcWriter;
import org.assisted.imageservice.archive.gzip.GzipMember;
import org.assisted.imageservice.archive.gzip.StoredGzipOutputStream;

/**
 * A gzip-compressed newc cpio archive, zero-padded to a multiple of 4 bytes: the form of every archive the
 * service appends to an initrd or embeds in an image (docs/upstream-behaviour.md#ignition-archive and
 * #nmstatectl-archive).
 *
 * <p>The gzip member uses stored deflate blocks ({@link StoredGzipOutputStream}) so that every instance
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

    /**
     * Streams a one-member archive in the stored form, byte-identical to {@link #of} of that member with no
     * length limit, for members too large to hold in memory (the nmstatectl binary). Buffers one stored block.
     *
     * @param size exact number of bytes {@code data} holds
     * @param out  neither flushed nor closed
     * @return the number of bytes written, a multiple of 4
     */
    public static long write(String name, int mode, long size, InputStream data, OutputStream out)
            throws IOException {
        StoredGzipOutputStream gzip = new StoredGzipOutputStream(out);
        CpioNewcWriter cpio = new CpioNewcWriter(gzip);
        cpio.add(name, mode, size, data);
        cpio.finish();
        gzip.finish();
        int padding = padding(gzip.written());
        out.write(new byte[padding]);
        return gzip.written() + padding;
    }

    private static byte[] padded(byte[] gzip) {
        return Arrays.copyOf(gzip, gzip.length + padding(gzip.length));
    }

    private static int padding(long length) {
        return (int) ((ALIGNMENT_BYTES - length % ALIGNMENT_BYTES) % ALIGNMENT_BYTES);
    }
}
