package org.assisted.imageservice.rootfs.squashfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.assisted.imageservice.rootfs.ImageWindow;
import org.assisted.imageservice.rootfs.RootfsFormatException;

/**
 * Streams a regular file's content: its data blocks (stored consecutively from the inode's start;
 * size word bit 24 = stored uncompressed, low 24 bits = stored size, 0 = a sparse block of zeros),
 * then the tail from a fragment block when the inode names one.
 */
final class SquashfsFileData {

    /** The service extracts binaries; a corrupt size must not stream zeros for hours. */
    static final long MAX_FILE_BYTES = 4L << 30;
    private static final long UNCOMPRESSED_BIT = 1L << 24;
    private static final long SIZE_MASK = UNCOMPRESSED_BIT - 1;
    private static final int FRAGMENT_ENTRY_BYTES = 16;

    private final ImageWindow window;
    private final SquashfsSuperblock sb;
    private final SquashfsMetadata metadata;
    private final byte[] stored;
    private final byte[] block;

    SquashfsFileData(ImageWindow window, SquashfsSuperblock sb, SquashfsMetadata metadata) {
        this.window = window;
        this.sb = sb;
        this.metadata = metadata;
        this.stored = new byte[sb.blockSize()];
        this.block = new byte[sb.blockSize()];
    }

    long copy(SquashfsInode.File file, OutputStream out) throws IOException {
        long size = file.fileSize();
        if (size < 0 || size > MAX_FILE_BYTES) {
            throw new RootfsFormatException("file size " + Long.toUnsignedString(size) + " exceeds "
                    + MAX_FILE_BYTES + " bytes");
        }
        boolean hasFragment = file.fragmentIndex() != SquashfsInode.NO_FRAGMENT;
        int blockSize = sb.blockSize();
        long blocks = hasFragment ? size / blockSize : (size + blockSize - 1) / blockSize;
        long position = file.dataStart();
        for (long i = 0; i < blocks; i++) {
            int expected = (int) Math.min(blockSize, size - i * blockSize);
            position = copyBlock(file.blockSizes().u32(), position, expected, out);
        }
        long tail = size - blocks * blockSize;
        if (tail > 0) {
            copyTail(file, (int) tail, out);
        }
        return size;
    }

    private long copyBlock(long word, long position, int expected, OutputStream out) throws IOException {
        long storedSize = word & SIZE_MASK;
        if ((word & ~(SIZE_MASK | UNCOMPRESSED_BIT)) != 0 || storedSize > sb.blockSize()) {
            throw new RootfsFormatException("invalid data block size word 0x" + Long.toHexString(word));
        }
        if (storedSize == 0) {
            Arrays.fill(block, 0, expected, (byte) 0);
            out.write(block, 0, expected);
            return position;
        }
        int n = load(position, (int) storedSize, (word & UNCOMPRESSED_BIT) == 0);
        if (n != expected) {
            throw new RootfsFormatException("data block at " + position + " holds " + n + " bytes, expected " + expected);
        }
        out.write(block, 0, n);
        return position + storedSize;
    }

    private void copyTail(SquashfsInode.File file, int tail, OutputStream out) throws IOException {
        long index = file.fragmentIndex();
        if (index >= sb.fragmentCount()) {
            throw new RootfsFormatException("fragment index " + index + " exceeds the " + sb.fragmentCount()
                    + " fragments of the image");
        }
        byte[] pointer = new byte[Long.BYTES];
        window.read(sb.fragmentTableStart() + index / SquashfsSuperblock.FRAGMENTS_PER_METADATA_BLOCK * Long.BYTES,
                pointer, 0, Long.BYTES);
        long blockStart = littleEndian(pointer, 0, Long.BYTES);
        int offset = (int) (index % SquashfsSuperblock.FRAGMENTS_PER_METADATA_BLOCK * FRAGMENT_ENTRY_BYTES);
        SquashfsMetadata.Cursor entry = metadata.cursor(blockStart, 0, sb.directoryTableStart(), sb.fragmentTableStart());
        entry.skip(offset);
        long start = entry.u64();
        long word = entry.u32();
        long storedSize = word & SIZE_MASK;
        if ((word & ~(SIZE_MASK | UNCOMPRESSED_BIT)) != 0 || storedSize == 0 || storedSize > sb.blockSize()) {
            throw new RootfsFormatException("fragment " + index + " has invalid size word 0x" + Long.toHexString(word));
        }
        int n = load(start, (int) storedSize, (word & UNCOMPRESSED_BIT) == 0);
        if (file.fragmentOffset() > n - tail) {
            throw new RootfsFormatException("file tail of " + tail + " bytes at offset " + file.fragmentOffset()
                    + " lies outside the " + n + "-byte fragment " + index);
        }
        out.write(block, (int) file.fragmentOffset(), tail);
    }

    /** Reads a stored block at {@code position} into {@link #block}; returns its decompressed length. */
    private int load(long position, int storedSize, boolean compressed) throws IOException {
        if (position < SquashfsSuperblock.SUPERBLOCK_BYTES || position > sb.bytesUsed() - storedSize) {
            throw new RootfsFormatException("data block of " + storedSize + " bytes at " + position
                    + " lies outside the " + sb.bytesUsed() + " bytes in use");
        }
        if (!compressed) {
            window.read(position, block, 0, storedSize);
            return storedSize;
        }
        window.read(position, stored, 0, storedSize);
        return sb.codec().decompress(stored, storedSize, block, block.length);
    }

    private static long littleEndian(byte[] b, int offset, int bytes) {
        long value = 0;
        for (int i = offset + bytes - 1; i >= offset; i--) {
            value = value << 8 | (b[i] & 0xff);
        }
        return value;
    }
}
