package org.assisted.imageservice.archive.gzip;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Streams one gzip member (RFC 1952) whose deflate data is a run of stored blocks (RFC 1951 §3.2.4): every
 * block but the last holds exactly {@value #BLOCK_MAX_BYTES} bytes, the last (BFINAL=1) holds the rest, which
 * is empty only when there was no input at all. The output therefore depends on the input bytes alone, not on
 * how they were split into writes. At most one block is buffered.
 *
 * <p>{@link #finish()} writes the last block and the trailer (CRC-32 and ISIZE); {@link #close()} finishes but
 * never closes the wrapped stream.
 */
public final class StoredGzipOutputStream extends OutputStream {

    /** Largest payload of one stored block: LEN is 16 bits. */
    static final int BLOCK_MAX_BYTES = 0xffff;
    /** A stored block's BFINAL/BTYPE byte plus LEN and NLEN. */
    static final int BLOCK_HEADER_BYTES = 5;

    private final OutputStream out;
    private final byte[] block = new byte[BLOCK_MAX_BYTES];
    private final CRC32 crc = new CRC32();
    private int filled;
    private long inputBytes;
    private long written;
    private boolean finished;

    /** Writes the gzip header to {@code out} at once. */
    public StoredGzipOutputStream(OutputStream out) throws IOException {
        this.out = out;
        written = GzipMember.writeHeader(out, GzipMember.XFL_NONE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("gzip member already finished");
        }
        int position = offset;
        int end = offset + length;
        while (position < end) {
            if (filled == block.length) {
                writeBlock(false);
            }
            int n = Math.min(end - position, block.length - filled);
            System.arraycopy(bytes, position, block, filled, n);
            filled += n;
            position += n;
        }
        crc.update(bytes, offset, length);
        inputBytes += length;
    }

    /** Writes the final block and the trailer; later calls do nothing. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        writeBlock(true);
        written += GzipMember.writeTrailer(out, crc.getValue(), inputBytes);
        finished = true;
    }

    /** Bytes written to the wrapped stream so far (the whole member once finished). */
    public long written() {
        return written;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        out.flush();
    }

    private void writeBlock(boolean last) throws IOException {
        out.write(last ? 1 : 0);
        out.write(filled & 0xff);
        out.write(filled >>> 8);
        int complement = ~filled & 0xffff;
        out.write(complement & 0xff);
        out.write(complement >>> 8);
        out.write(block, 0, filled);
        written += BLOCK_HEADER_BYTES + filled;
        filled = 0;
    }
}
