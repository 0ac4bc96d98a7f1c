package org.assisted.imageservice.archive.gzip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds single-member gzip files (RFC 1952) with a fixed header: no name, mtime 0, OS 255 (unknown).
 */
public final class GzipMember {

    static final int XFL_NONE = 0;
    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;
    private static final int XFL_MAXIMUM_COMPRESSION = 2;
    private static final int OS_UNKNOWN = 255;

    private GzipMember() {
    }

    /**
     * A gzip member whose deflate stream consists of stored (uncompressed, BTYPE=00, RFC 1951 §3.2.4) blocks,
     * so its bytes depend only on {@code data}, on every JVM and zlib build; the same bytes as
     * {@link StoredGzipOutputStream} writes for {@code data}.
     *
     * @return {@code data.length + 18 + 5 x max(1, ceil(data.length / 65535))} bytes
     */
    public static byte[] stored(byte[] data) {
        int blocks = Math.max(1, (data.length + StoredGzipOutputStream.BLOCK_MAX_BYTES - 1)
                / StoredGzipOutputStream.BLOCK_MAX_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                HEADER_BYTES + data.length + blocks * StoredGzipOutputStream.BLOCK_HEADER_BYTES + TRAILER_BYTES);
        try (StoredGzipOutputStream gzip = new StoredGzipOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A gzip member compressed with {@link Deflater#BEST_COMPRESSION}. Its bytes depend on the zlib build the
     * JVM uses, so instances on different builds may produce different (equally valid) output.
     */
    public static byte[] deflated(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try {
            writeHeader(out, XFL_MAXIMUM_COMPRESSION);
            deflate(data, out);
            CRC32 crc = new CRC32();
            crc.update(data);
            writeTrailer(out, crc.getValue(), data.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void deflate(byte[] data, ByteArrayOutputStream out) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
    }

    /** @return the number of bytes written */
    static int writeHeader(OutputStream out, int extraFlags) throws IOException {
        out.write(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, (byte) extraFlags,
            (byte) OS_UNKNOWN});
        return HEADER_BYTES;
    }

    /**
     * CRC-32 and ISIZE (the input length modulo 2^32), both little-endian.
     *
     * @return the number of bytes written
     */
    static int writeTrailer(OutputStream out, long crc, long inputBytes) throws IOException {
        byte[] trailer = new byte[TRAILER_BYTES];
        for (int i = 0; i < 4; i++) {
            trailer[i] = (byte) (crc >>> (8 * i));
            trailer[4 + i] = (byte) (inputBytes >>> (8 * i));
        }
        out.write(trailer);
        return TRAILER_BYTES;
    }
}
