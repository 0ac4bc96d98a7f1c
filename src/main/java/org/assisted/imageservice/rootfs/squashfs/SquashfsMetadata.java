package org.assisted.imageservice.rootfs.squashfs;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.assisted.imageservice.rootfs.ImageWindow;
import org.assisted.imageservice.rootfs.RootfsFormatException;

/**
 * Reads squashfs metadata blocks (inode, directory and fragment tables): a u16 header whose bit 15
 * marks an uncompressed block and whose low 15 bits give the stored size, then at most 8 KiB of
 * data once decompressed. Blocks must lie in {@code [tableStart, tableEnd)}; recently used blocks
 * are kept decompressed.
 */
final class SquashfsMetadata {

    static final int BLOCK_BYTES = 8192;
    private static final int HEADER_BYTES = 2;
    private static final int UNCOMPRESSED_BIT = 0x8000;
    private static final int CACHED_BLOCKS = 64;

    private final ImageWindow window;
    private final SquashfsCodec codec;
    private final Map<Long, Block> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    /** A decompressed block and the offset of the block stored after it. */
    record Block(byte[] data, long next) {
    }

    SquashfsMetadata(ImageWindow window, SquashfsCodec codec) {
        this.window = window;
        this.codec = codec;
    }

    /** A cursor at {@code offset} inside the block stored at image offset {@code blockStart}. */
    Cursor cursor(long blockStart, int offset, long tableStart, long tableEnd) throws IOException {
        Cursor cursor = new Cursor(tableStart, tableEnd, blockStart);
        if (offset > cursor.block.data.length) {
            throw new RootfsFormatException("metadata offset " + offset + " lies past the end of the "
                    + cursor.block.data.length + "-byte block at " + blockStart);
        }
        cursor.offset = offset;
        return cursor;
    }

    private Block block(long start, long tableStart, long tableEnd) throws IOException {
        if (start < tableStart || start > tableEnd - HEADER_BYTES) {
            throw new RootfsFormatException("metadata block at " + start + " lies outside its table ["
                    + tableStart + ", " + tableEnd + ")");
        }
        Block cached = cache.get(start);
        if (cached != null) {
            return cached;
        }
        byte[] header = new byte[HEADER_BYTES];
        window.read(start, header, 0, HEADER_BYTES);
        int word = (header[0] & 0xff) | (header[1] & 0xff) << 8;
        int stored = word & ~UNCOMPRESSED_BIT;
        if (stored == 0 || stored > BLOCK_BYTES || stored > tableEnd - start - HEADER_BYTES) {
            throw new RootfsFormatException("metadata block at " + start + " has invalid stored size " + stored);
        }
        byte[] raw = new byte[stored];
        window.read(start + HEADER_BYTES, raw, 0, stored);
        byte[] data;
        if ((word & UNCOMPRESSED_BIT) != 0) {
            data = raw;
        } else {
            byte[] out = new byte[BLOCK_BYTES];
            int n = codec.decompress(raw, stored, out, BLOCK_BYTES);
            data = Arrays.copyOf(out, n);
        }
        Block block = new Block(data, start + HEADER_BYTES + stored);
        cache.put(start, block);
        return block;
    }

    /** Sequential little-endian reads that continue into the following blocks of the same table. */
    final class Cursor {
        private final long tableStart;
        private final long tableEnd;
        private Block block;
        private int offset;

        private Cursor(long tableStart, long tableEnd, long blockStart) throws IOException {
            this.tableStart = tableStart;
            this.tableEnd = tableEnd;
            this.block = block(blockStart, tableStart, tableEnd);
        }

        void read(byte[] dst, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
                if (offset == block.data.length) {
                    block = block(block.next, tableStart, tableEnd);
                    offset = 0;
                }
                int n = Math.min(len - done, block.data.length - offset);
                System.arraycopy(block.data, offset, dst, off + done, n);
                offset += n;
                done += n;
            }
        }

        void skip(long count) throws IOException {
            byte[] scratch = new byte[(int) Math.min(count, BLOCK_BYTES)];
            for (long left = count; left > 0; left -= scratch.length) {
                read(scratch, 0, (int) Math.min(left, scratch.length));
            }
        }

        int u16() throws IOException {
            return (int) littleEndian(2);
        }

        long u32() throws IOException {
            return littleEndian(4);
        }

        long u64() throws IOException {
            return littleEndian(8);
        }

        private long littleEndian(int bytes) throws IOException {
            byte[] b = new byte[bytes];
            read(b, 0, bytes);
            long value = 0;
            for (int i = bytes - 1; i >= 0; i--) {
                value = value << 8 | (b[i] & 0xff);
            }
            return value;
        }
    }
}
