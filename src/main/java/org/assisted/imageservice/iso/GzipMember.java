package org.assisted.imageservice.iso;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds single-member gzip files (RFC 1952) with a fixed header: no name, mtime 0, OS 255 (unknown).
 */
public final class GzipMember {

    /** Largest payload of one stored deflate block (RFC 1951 §3.2.4: LEN is 16 bits). */
    private static final int STORED_BLOCK_MAX_BYTES = 0xffff;
    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;
    private static final int STORED_BLOCK_HEADER_BYTES = 5;
    private static final int XFL_NONE = 0;
    private static final int XFL_MAXIMUM_COMPRESSION = 2;
    private static final int OS_UNKNOWN = 255;

    private GzipMember() {
    }

    /**
     * A gzip member whose deflate stream consists of stored (uncompressed, BTYPE=00, RFC 1951 §3.2.4) blocks,
     * so its bytes depend only on {@code data}, on every JVM and zlib build.
     *
     * @return {@code data.length + 18 + 5 x max(1, ceil(data.length / 65535))} bytes
     */
    public static byte[] stored(byte[] data) {
        int blocks = Math.max(1, (data.length + STORED_BLOCK_MAX_BYTES - 1) / STORED_BLOCK_MAX_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                HEADER_BYTES + data.length + blocks * STORED_BLOCK_HEADER_BYTES + TRAILER_BYTES);
        writeHeader(out, XFL_NONE);
        int position = 0;
        for (int block = 0; block < blocks; block++) {
            int length = Math.min(STORED_BLOCK_MAX_BYTES, data.length - position);
            out.write(block == blocks - 1 ? 1 : 0);
            writeLe16(out, length);
            writeLe16(out, ~length & 0xffff);
            out.write(data, position, length);
            position += length;
        }
        writeTrailer(out, data);
        return out.toByteArray();
    }

    /**
     * A gzip member compressed with {@link Deflater#BEST_COMPRESSION}. Its bytes depend on the zlib build the
     * JVM uses, so instances on different builds may produce different (equally valid) output.
     */
    public static byte[] deflated(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        writeHeader(out, XFL_MAXIMUM_COMPRESSION);
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
        writeTrailer(out, data);
        return out.toByteArray();
    }

    private static void writeHeader(ByteArrayOutputStream out, int extraFlags) {
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, (byte) extraFlags,
            (byte) OS_UNKNOWN});
    }

    private static void writeTrailer(ByteArrayOutputStream out, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLe32(out, crc.getValue());
        writeLe32(out, data.length);
    }

    private static void writeLe16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write(value >>> 8 & 0xff);
    }

    private static void writeLe32(ByteArrayOutputStream out, long value) {
        writeLe16(out, (int) (value & 0xffff));
        writeLe16(out, (int) (value >>> 16 & 0xffff));
    }
}
