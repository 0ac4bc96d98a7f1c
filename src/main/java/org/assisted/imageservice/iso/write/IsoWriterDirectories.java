package org.assisted.imageservice.iso.write;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * The directory hierarchy as recorded: directories numbered in path-table order (ECMA-119 §9.4: by level, parent
 * number, identifier), each with its records sorted per §9.3, and the SUSP continuation areas.
 */
final class IsoWriterDirectories {

    /** Extent of a directory or file, in 2048-byte sectors and bytes. */
    record Extent(long sector, long size) {
    }

    /** A directory with its number in the path table and its records ("." and ".." first). */
    static final class Directory {
        final IsoTreeNode node;
        final Directory parent;
        final int number;
        final byte[] identifier;
        final List<IsoWriterRecord> records = new ArrayList<>();
        long sector;
        long size;

        private Directory(IsoTreeNode node, Directory parent, int number, byte[] identifier) {
            this.node = node;
            this.parent = parent == null ? this : parent;
            this.number = number;
            this.identifier = identifier;
        }
    }

    private static final int PATH_TABLE_FIXED_BYTES = 8;

    private final List<Directory> directories = new ArrayList<>();
    private long continuationSector;
    private long continuationBytes;

    private IsoWriterDirectories() {
    }

    static IsoWriterDirectories plan(IsoTreeNode root) {
        IsoWriterDirectories plan = new IsoWriterDirectories();
        Deque<Directory> queue = new ArrayDeque<>();
        Directory rootDirectory = new Directory(root, null, 1, new byte[] {0});
        plan.directories.add(rootDirectory);
        queue.add(rootDirectory);
        while (!queue.isEmpty()) {
            Directory directory = queue.poll();
            Map<IsoTreeNode, String> identifiers = IsoWriterNames.assign(directory.node.children());
            List<IsoTreeNode> children = new ArrayList<>(directory.node.children());
            children.sort((a, b) -> IsoWriterNames.RECORD_ORDER.compare(identifiers.get(a), identifiers.get(b)));
            addSelfAndParent(directory);
            for (IsoTreeNode child : children) {
                byte[] identifier = identifiers.get(child).getBytes(StandardCharsets.US_ASCII);
                List<byte[]> systemUse = new ArrayList<>(List.of(px(child), RockRidge.tf(child.attributes())));
                systemUse.addAll(RockRidge.nm(child.name()));
                directory.records.add(new IsoWriterRecord(identifier, child, systemUse));
                if (child.isDirectory()) {
                    Directory sub = new Directory(child, directory, plan.directories.size() + 1, identifier);
                    plan.directories.add(sub);
                    queue.add(sub);
                }
            }
        }
        return plan;
    }

    private static void addSelfAndParent(Directory directory) {
        IsoTreeNode self = directory.node;
        List<byte[]> selfUse = new ArrayList<>();
        if (directory.parent == directory) {
            selfUse.add(RockRidge.sp());
        }
        selfUse.add(px(self));
        selfUse.add(RockRidge.tf(self.attributes()));
        if (directory.parent == directory) {
            selfUse.add(RockRidge.er());
        }
        directory.records.add(new IsoWriterRecord(new byte[] {0}, self, selfUse));
        IsoTreeNode parent = directory.parent.node;
        directory.records.add(new IsoWriterRecord(new byte[] {1}, parent,
                List.of(px(parent), RockRidge.tf(parent.attributes()))));
    }

    private static byte[] px(IsoTreeNode node) {
        int links = node.isDirectory() ? 2 + (int) node.children().stream().filter(IsoTreeNode::isDirectory).count() : 1;
        return RockRidge.px(node.attributes(), node.isDirectory(), links);
    }

    List<Directory> directories() {
        return directories;
    }

    /** Assigns consecutive extents to the directories from {@code firstSector}; returns the next free sector. */
    long placeDirectories(long firstSector) {
        long sector = firstSector;
        for (Directory directory : directories) {
            long bytes = 0;
            for (IsoWriterRecord record : directory.records) {
                bytes = recordOffset(bytes, record);
                bytes += record.length();
            }
            directory.sector = sector;
            directory.size = IsoSectors.count(bytes) * IsoSectors.SECTOR_BYTES;
            sector += directory.size / IsoSectors.SECTOR_BYTES;
        }
        return sector;
    }

    /** Packs the continuation areas (none crossing a sector) from {@code firstSector}; returns the next free sector. */
    long placeContinuations(long firstSector) {
        continuationSector = firstSector;
        long bytes = 0;
        for (Directory directory : directories) {
            for (IsoWriterRecord record : directory.records) {
                int length = record.continuationLength();
                if (length == 0) {
                    continue;
                }
                long inSector = bytes % IsoSectors.SECTOR_BYTES;
                if (inSector + length > IsoSectors.SECTOR_BYTES) {
                    bytes += IsoSectors.SECTOR_BYTES - inSector;
                }
                record.placeContinuation(firstSector + bytes / IsoSectors.SECTOR_BYTES,
                        bytes % IsoSectors.SECTOR_BYTES);
                bytes += length;
            }
        }
        continuationBytes = IsoSectors.count(bytes) * IsoSectors.SECTOR_BYTES;
        return firstSector + continuationBytes / IsoSectors.SECTOR_BYTES;
    }

    long continuationSector() {
        return continuationSector;
    }

    byte[] encodeContinuations() {
        byte[] areas = new byte[Math.toIntExact(continuationBytes)];
        for (Directory directory : directories) {
            for (IsoWriterRecord record : directory.records) {
                if (record.continuationLength() > 0) {
                    record.encodeContinuation(areas, continuationPosition(record));
                }
            }
        }
        return areas;
    }

    byte[] encodeDirectory(Directory directory, Map<IsoTreeNode, Extent> extents) {
        byte[] extent = new byte[Math.toIntExact(directory.size)];
        int offset = 0;
        for (IsoWriterRecord record : directory.records) {
            offset = (int) recordOffset(offset, record);
            Extent target = extents.get(record.target());
            record.encode(extent, offset, target.sector(), target.size());
            offset += record.length();
        }
        return extent;
    }

    int pathTableBytes() {
        return directories.stream().mapToInt(d -> PATH_TABLE_FIXED_BYTES + d.identifier.length + d.identifier.length % 2)
                .sum();
    }

    /** The L ({@code LITTLE_ENDIAN}) or M ({@code BIG_ENDIAN}) path table (§9.4). */
    byte[] pathTable(ByteOrder order) {
        byte[] table = new byte[pathTableBytes()];
        int offset = 0;
        for (Directory directory : directories) {
            table[offset] = (byte) directory.identifier.length;
            IsoWriterFields.put32(table, offset + 2, directory.sector, order);
            int parent = directory.parent.number;
            table[offset + (order == ByteOrder.LITTLE_ENDIAN ? 6 : 7)] = (byte) parent;
            table[offset + (order == ByteOrder.LITTLE_ENDIAN ? 7 : 6)] = (byte) (parent >>> 8);
            System.arraycopy(directory.identifier, 0, table, offset + PATH_TABLE_FIXED_BYTES, directory.identifier.length);
            offset += PATH_TABLE_FIXED_BYTES + directory.identifier.length + directory.identifier.length % 2;
        }
        return table;
    }

    private int continuationPosition(IsoWriterRecord record) {
        return Math.toIntExact((record.continuationSector() - continuationSector) * IsoSectors.SECTOR_BYTES
                + record.continuationOffset());
    }

    /** Records never cross a sector boundary (§6.8.1.1): start the next sector when one would. */
    private static long recordOffset(long offset, IsoWriterRecord record) {
        long inSector = offset % IsoSectors.SECTOR_BYTES;
        return inSector + record.length() > IsoSectors.SECTOR_BYTES
                ? offset + IsoSectors.SECTOR_BYTES - inSector : offset;
    }
}
