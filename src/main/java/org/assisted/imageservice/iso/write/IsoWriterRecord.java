package org.assisted.imageservice.iso.write;

import java.util.ArrayList;
import java.util.List;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * One directory record (ECMA-119 §9.1) with its System Use entries: as many as fit in the 255-byte record stay
 * inline, the rest go to a continuation area pointed to by a {@code CE} entry (SUSP §5.1).
 */
final class IsoWriterRecord {

    static final int FIXED_BYTES = 33;
    static final int MAX_RECORD_BYTES = 254;
    private static final int DIRECTORY_FLAG = 0x02;

    private final byte[] identifier;
    private final IsoTreeNode target;
    private final List<byte[]> inline = new ArrayList<>();
    private final List<byte[]> continued = new ArrayList<>();
    private long continuationSector;
    private long continuationOffset;

    IsoWriterRecord(byte[] identifier, IsoTreeNode target, List<byte[]> systemUse) {
        this.identifier = identifier;
        this.target = target;
        int available = MAX_RECORD_BYTES - identifierBytes();
        if (RockRidge.totalLength(systemUse) <= available) {
            inline.addAll(systemUse);
            return;
        }
        int used = 0;
        for (byte[] entry : systemUse) {
            if (continued.isEmpty() && used + entry.length <= available - RockRidge.CE_BYTES) {
                inline.add(entry);
                used += entry.length;
            } else {
                continued.add(entry);
            }
        }
        if (continuationLength() > IsoSectors.SECTOR_BYTES) {
            throw new IllegalArgumentException("System Use entries too long for one continuation area");
        }
    }

    IsoTreeNode target() {
        return target;
    }

    int length() {
        int length = identifierBytes() + RockRidge.totalLength(inline) + (continued.isEmpty() ? 0 : RockRidge.CE_BYTES);
        return length + (length & 1);
    }

    int continuationLength() {
        return RockRidge.totalLength(continued);
    }

    void placeContinuation(long sector, long offset) {
        continuationSector = sector;
        continuationOffset = offset;
    }

    long continuationSector() {
        return continuationSector;
    }

    long continuationOffset() {
        return continuationOffset;
    }

    /** Writes the record at {@code offset} of {@code directory}. */
    void encode(byte[] directory, int offset, long sector, long size) {
        directory[offset] = (byte) length();
        IsoWriterFields.putBoth32(directory, offset + 2, sector);
        IsoWriterFields.putBoth32(directory, offset + 10, size);
        byte[] date = IsoWriterFields.date7(target.attributes().modified());
        System.arraycopy(date, 0, directory, offset + 18, date.length);
        directory[offset + 25] = (byte) (target.isDirectory() ? DIRECTORY_FLAG : 0);
        IsoWriterFields.putBoth16(directory, offset + 28, 1);
        directory[offset + 32] = (byte) identifier.length;
        System.arraycopy(identifier, 0, directory, offset + FIXED_BYTES, identifier.length);
        int position = offset + identifierBytes();
        for (byte[] entry : inline) {
            System.arraycopy(entry, 0, directory, position, entry.length);
            position += entry.length;
        }
        if (!continued.isEmpty()) {
            byte[] ce = RockRidge.ce(continuationSector, continuationOffset, continuationLength());
            System.arraycopy(ce, 0, directory, position, ce.length);
        }
    }

    /** Writes the continuation area at {@code offset} of {@code area}. */
    void encodeContinuation(byte[] area, int offset) {
        int position = offset;
        for (byte[] entry : continued) {
            System.arraycopy(entry, 0, area, position, entry.length);
            position += entry.length;
        }
    }

    private int identifierBytes() {
        return FIXED_BYTES + identifier.length + (identifier.length % 2 == 0 ? 1 : 0);
    }
}
