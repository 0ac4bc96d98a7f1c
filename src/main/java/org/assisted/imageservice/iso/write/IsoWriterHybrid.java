package org.assisted.imageservice.iso.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Rewrites an isohybrid System Area (as made by {@code xorriso -as mkisofs -isohybrid-mbr ... -isohybrid-gpt-basdat})
 * for a new layout. Positions are in 512-byte blocks. Rules:
 * <ul>
 * <li>a partition (MBR or GPT) that starts where a copied file started in the base now starts at its new place,
 *     same length (the EFI System Partition on {@code efiboot.img});</li>
 * <li>a partition reaching the end of the base image's data keeps its distance to the image end;</li>
 * <li>MBR bytes 432–439 (isohdpfx: LE u64 block of the BIOS boot image) follow their file the same way;</li>
 * <li>CHS fields that encoded the old position (64 heads, 32 sectors) are re-encoded, else kept;</li>
 * <li>the image is padded to whole 1 MiB cylinders when the base was; a GPT keeps the base's tail (backup
 *     entries and header in the last blocks), CRC32s recomputed (UEFI 2.10 §5.3).</li>
 * </ul>
 */
final class IsoWriterHybrid {

    /** The System Area to write, the final image size (bytes) and the backup GPT at the end, if any. */
    record Result(byte[] systemArea, long imageSize, Optional<IsoWriterSegment> tail) {
    }

    private static final int BLOCK_BYTES = 512;
    private static final int HEADS = 64;
    private static final int SECTORS_PER_HEAD = 32;
    private static final long CYLINDER_BLOCKS = HEADS * SECTORS_PER_HEAD;
    private static final int MAX_CYLINDER = 1023;
    private static final int MBR_BOOT_IMAGE_POINTER = 432;
    private static final int MBR_PARTITIONS = 446;
    private static final int MBR_SIGNATURE = 510;
    private static final int GPT_HEADER = BLOCK_BYTES;
    private static final byte[] GPT_SIGNATURE = "EFI PART".getBytes(StandardCharsets.US_ASCII);
    private static final long SATURATED_COUNT = 0xFFFF_FFFFL;

    private final ByteBuffer area;
    private final Map<Long, Long> moves;
    private final long oldBlocks;
    private long newBlocks;
    private long dataEndOldBlocks;

    private IsoWriterHybrid(byte[] area, Map<Long, Long> moves, long oldBlocks) {
        this.area = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        this.moves = moves;
        this.oldBlocks = oldBlocks;
    }

    /**
     * @param moves   old → new byte offset of every file copied from the base image
     * @param dataEnd end of the ISO data in the new image, bytes (a multiple of 2048)
     */
    static Result rewrite(IsoWriterSystemArea systemArea, Map<Long, Long> moves, long dataEnd) {
        byte[] bytes = systemArea.bytes();
        boolean mbr = (bytes[MBR_SIGNATURE] & 0xFF) == 0x55 && (bytes[MBR_SIGNATURE + 1] & 0xFF) == 0xAA;
        boolean gpt = Arrays.equals(bytes, GPT_HEADER, GPT_HEADER + GPT_SIGNATURE.length,
                GPT_SIGNATURE, 0, GPT_SIGNATURE.length);
        if (systemArea.baseImage() == null || !mbr && !gpt) {
            return new Result(bytes, dataEnd, Optional.empty());
        }
        IsoWriterHybrid hybrid = new IsoWriterHybrid(bytes, moves, systemArea.baseImageSize() / BLOCK_BYTES);
        long tailBlocks = gpt ? hybrid.oldBlocks - hybrid.gptLong(48) : 0;
        hybrid.dataEndOldBlocks = hybrid.oldBlocks - tailBlocks;
        long alignBlocks = mbr && hybrid.oldBlocks % CYLINDER_BLOCKS == 0 ? CYLINDER_BLOCKS : 4;
        hybrid.newBlocks = ceil(dataEnd / BLOCK_BYTES + tailBlocks, alignBlocks);
        Optional<IsoWriterSegment> tail = Optional.empty();
        if (gpt) {
            tail = Optional.of(IsoWriterHybridGpt.rewrite(hybrid.area, hybrid::moved, hybrid.oldBlocks, hybrid.newBlocks));
        }
        if (mbr) {
            hybrid.rewriteMbr();
        }
        return new Result(bytes, hybrid.newBlocks * BLOCK_BYTES, tail);
    }

    private void rewriteMbr() {
        long pointer = area.getLong(MBR_BOOT_IMAGE_POINTER);
        if (pointer != 0) {
            area.putLong(MBR_BOOT_IMAGE_POINTER, moved(pointer).orElse(pointer));
        }
        for (int entry = MBR_PARTITIONS; entry < MBR_SIGNATURE; entry += 16) {
            long start = area.getInt(entry + 8) & SATURATED_COUNT;
            long count = area.getInt(entry + 12) & SATURATED_COUNT;
            if (count == 0 || count == SATURATED_COUNT) {
                continue;
            }
            long newStart = moved(start).orElse(start);
            long newCount = newStart == start && start + count >= dataEndOldBlocks ? count + newBlocks - oldBlocks : count;
            rewriteChs(entry + 1, start, newStart);
            rewriteChs(entry + 5, start + count - 1, newStart + newCount - 1);
            area.putInt(entry + 8, (int) newStart);
            area.putInt(entry + 12, (int) newCount);
        }
    }

    /** New block of a partition that started at {@code block} where a moved file started. */
    Optional<Long> moved(long block) {
        Long target = moves.get(block * BLOCK_BYTES);
        return target == null ? Optional.empty() : Optional.of(target / BLOCK_BYTES);
    }

    private long gptLong(int offset) {
        return area.getLong(GPT_HEADER + offset);
    }

    private void rewriteChs(int offset, long oldBlock, long newBlock) {
        byte[] old = new byte[3];
        area.get(offset, old);
        boolean saturatedByRange = Arrays.equals(old, chs(Long.MAX_VALUE)) && cylinder(oldBlock) > MAX_CYLINDER;
        if (Arrays.equals(old, chs(oldBlock)) || saturatedByRange) {
            area.put(offset, chs(newBlock));
        }
    }

    /** CHS triple (head, sector | cylinder high bits, cylinder low byte), saturated past cylinder 1023. */
    private static byte[] chs(long block) {
        if (cylinder(block) > MAX_CYLINDER) {
            return new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF};
        }
        long cylinder = cylinder(block);
        long head = block % CYLINDER_BLOCKS / SECTORS_PER_HEAD;
        long sector = block % SECTORS_PER_HEAD + 1;
        return new byte[] {(byte) head, (byte) (sector | (cylinder >> 8) << 6), (byte) cylinder};
    }

    private static long cylinder(long block) {
        return block / CYLINDER_BLOCKS;
    }

    private static long ceil(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    static int crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
