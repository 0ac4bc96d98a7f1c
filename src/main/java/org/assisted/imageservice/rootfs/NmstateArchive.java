package org.assisted.imageservice.rootfs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the nmstate archive appended to initrds: a gzip'd newc cpio holding only
 * {@code /usr/bin/nmstatectl} (mode 0100755, uid/gid 0, mtime 0, nlink 1, inode 1) and the
 * {@code TRAILER!!!} entry, each header+name and data padded to 4 bytes, the gzip stream then
 * zero-padded to a multiple of 4 bytes. The gzip header has mtime 0 and no name, so the output
 * depends only on the input bytes (and the JDK's deflater).
 */
public final class NmstateArchive {

    public static final String ENTRY_NAME = "/usr/bin/nmstatectl";
    private static final long ENTRY_MODE = 0100755;
    private static final String TRAILER = "TRAILER!!!";
    private static final long MAX_ENTRY_BYTES = 0xFFFFFFFFL;
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private NmstateArchive() {
    }

    /**
     * Writes the archive for the {@code size} bytes of {@code binary} to {@code out}, which is left
     * open. Fails if {@code binary} holds fewer or more than {@code size} bytes.
     *
     * @return the number of bytes written, a multiple of 4
     */
    public static long write(InputStream binary, long size, OutputStream out) throws IOException {
        if (size < 0 || size > MAX_ENTRY_BYTES) {
            throw new IOException("nmstatectl of " + size + " bytes does not fit a newc cpio entry");
        }
        CountingOutputStream counted = new CountingOutputStream(out);
        try (GZIPOutputStream gzip = new GZIPOutputStream(counted, COPY_BUFFER_BYTES)) {
            long written = header(gzip, 1, ENTRY_MODE, size, ENTRY_NAME);
            written += copyExactly(binary, size, gzip);
            written += pad(gzip, written);
            written += header(gzip, 0, 0, 0, TRAILER);
            pad(gzip, written);
        }
        int padding = (int) (-counted.count & 3);
        out.write(new byte[padding]);
        return counted.count + padding;
    }

    /** A newc header (magic 070701, 13 eight-digit hex fields) plus NUL-terminated name, padded to 4. */
    private static long header(OutputStream out, long inode, long mode, long size, String name) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long[] fields = {inode, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, nameBytes.length + 1L, 0};
        StringBuilder header = new StringBuilder("070701");
        for (long field : fields) {
            header.append(String.format("%08x", field));
        }
        byte[] bytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(bytes);
        out.write(nameBytes);
        out.write(0);
        long length = bytes.length + nameBytes.length + 1L;
        return length + pad(out, length);
    }

    private static long copyExactly(InputStream in, long size, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("nmstatectl ended after " + (size - left) + " of " + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("nmstatectl is longer than the declared " + size + " bytes");
        }
        return size;
    }

    private static int pad(OutputStream out, long length) throws IOException {
        int padding = (int) (-length & 3);
        out.write(new byte[padding]);
        return padding;
    }

    /** Counts what reaches {@code out}; closing it (as the gzip stream does) leaves {@code out} open. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
