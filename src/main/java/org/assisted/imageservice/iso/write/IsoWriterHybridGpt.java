package org.assisted.imageservice.iso.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * GPT part of {@link IsoWriterHybrid}: primary header at block 1 with its entry array inside the System Area,
 * backup entries and header in the image's last blocks (UEFI 2.10 §5.3.2). Header fields: alternate LBA at 32,
 * first/last usable at 40/48, entries LBA at 72, entry count at 80, entry size at 84, entries CRC at 88,
 * header size at 12, header CRC at 16. Entries: first/last LBA (inclusive) at 32/40.
 */
final class IsoWriterHybridGpt {

    private static final int BLOCK_BYTES = 512;
    private static final int HEADER = BLOCK_BYTES;

    private IsoWriterHybridGpt() {
    }

    /** Rewrites the primary GPT in {@code area} and returns the backup GPT segment for the image end. */
    static IsoWriterSegment rewrite(ByteBuffer area, LongFunction<Optional<Long>> moved, long oldBlocks,
                                    long newBlocks) {
        long delta = newBlocks - oldBlocks;
        long entriesBlock = area.getLong(HEADER + 72);
        int entryCount = area.getInt(HEADER + 80);
        int entrySize = area.getInt(HEADER + 84);
        long oldLastUsable = area.getLong(HEADER + 48);
        long entriesBytes = (long) entryCount * entrySize;
        if (area.getLong(HEADER + 24) != 1 || area.getLong(HEADER + 32) != oldBlocks - 1
                || entriesBlock * BLOCK_BYTES + entriesBytes > area.capacity() || entrySize < 48) {
            throw new IllegalArgumentException("unsupported GPT layout: header not at block 1, backup not at the"
                    + " last block " + (oldBlocks - 1) + " or entry array outside the System Area");
        }
        int entries = Math.toIntExact(entriesBlock * BLOCK_BYTES);
        for (int entry = entries; entry < entries + entriesBytes; entry += entrySize) {
            long first = area.getLong(entry + 32);
            long last = area.getLong(entry + 40);
            if (first == 0 && last == 0) {
                continue;
            }
            Optional<Long> newFirst = moved.apply(first);
            if (newFirst.isPresent()) {
                area.putLong(entry + 32, newFirst.get());
                area.putLong(entry + 40, newFirst.get() + last - first);
            } else if (last + 1 >= oldLastUsable) {
                area.putLong(entry + 40, last + delta);
            }
        }
        byte[] bytes = area.array();
        int entriesCrc = IsoWriterHybrid.crc32(bytes, entries, (int) entriesBytes);
        area.putLong(HEADER + 32, newBlocks - 1);
        area.putLong(HEADER + 48, oldLastUsable + delta);
        area.putInt(HEADER + 88, entriesCrc);
        sealHeader(area, HEADER);
        return backup(area, entries, (int) entriesBytes, newBlocks);
    }

    private static IsoWriterSegment backup(ByteBuffer area, int entries, int entriesBytes, long newBlocks) {
        int entriesBlocks = (entriesBytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
        long backupEntriesBlock = newBlocks - 1 - entriesBlocks;
        ByteBuffer tail = ByteBuffer.allocate((entriesBlocks + 1) * BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        tail.put(0, area.array(), entries, entriesBytes);
        int header = entriesBlocks * BLOCK_BYTES;
        int headerSize = area.getInt(HEADER + 12);
        tail.put(header, area.array(), HEADER, headerSize);
        tail.putLong(header + 24, newBlocks - 1);
        tail.putLong(header + 32, 1);
        tail.putLong(header + 72, backupEntriesBlock);
        sealHeader(tail, header);
        return new IsoWriterSegment(backupEntriesBlock * BLOCK_BYTES, IsoTreeContent.bytes(tail.array()));
    }

    private static void sealHeader(ByteBuffer buffer, int header) {
        int headerSize = buffer.getInt(header + 12);
        buffer.putInt(header + 16, 0);
        buffer.putInt(header + 16, IsoWriterHybrid.crc32(buffer.array(), header, headerSize));
    }
}
