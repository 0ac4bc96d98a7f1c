package org.assisted.imageservice.iso;

import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;


/**
 * Walks the directory hierarchy once, breadth first (ECMA-119 §6.8, §9.1), with Rock Ridge names when the root
 * directory's first record starts with a SUSP {@code SP} entry (SUSP 1.12 §5.3).
 */
final class DirectoryTreeReader {

    static final int FLAG_DIRECTORY = 0x02;
    private static final int FLAG_MULTI_EXTENT = 0x80;
    private static final int MIN_RECORD_BYTES = 34;
    private static final int NAME_START = 33;
    /** Largest directory accepted; RHCOS directories are one sector. */
    private static final int MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ENTRIES = 1_000_000;
    private static final int RECORDING_DATE = 18;
    private static final int PERMISSION_BITS = 07777;
    private static final int DEFAULT_DIRECTORY_MODE = 0555;
    private static final int DEFAULT_FILE_MODE = 0444;

    /**
     * An entry with its plain ISO 9660 path, normalised for case-insensitive lookup.
     *
     * @param entry   the entry, with Rock Ridge path
     * @param isoPath lower-case ISO 9660 path, version ({@code ;1}) and trailing dot removed
     */
    record Walked(IsoEntry entry, String isoPath) {
    }

    /**
     * The walked hierarchy.
     *
     * @param entries        every entry except the root, breadth first
     * @param rootAttributes attributes of the root directory (from its {@code .} record)
     */
    record Tree(List<Walked> entries, IsoTreeAttributes rootAttributes) {
    }

    private record Directory(long sector, long length, String path, String isoPath) {
    }

    private final ImageReader reader;
    private final List<Walked> walked = new ArrayList<>();
    private final Set<Long> visited = new HashSet<>();
    /** Bytes of all directories read so far; disjoint extents never add up to more than the image. */
    private long directoryBytes;
    private final Deque<Directory> pending = new ArrayDeque<>();
    /** SUSP skip length (SUSP §5.3), or -1 when the image has no SUSP / Rock Ridge. */
    private int suspSkip = -1;
    private IsoTreeAttributes rootAttributes;

    private DirectoryTreeReader(ImageReader reader) {
        this.reader = reader;
    }

    static Tree walk(ImageReader reader, long rootSector, long rootLength) throws IOException {
        DirectoryTreeReader tree = new DirectoryTreeReader(reader);
        tree.pending.add(new Directory(rootSector, rootLength, "", ""));
        while (!tree.pending.isEmpty()) {
            tree.readDirectory(tree.pending.remove());
        }
        IsoTreeAttributes root = tree.rootAttributes != null ? tree.rootAttributes
                : attributes(SystemUseReader.Fields.none(), null, true);
        return new Tree(tree.walked, root);
    }

    /** ISO 9660 file identifier without version and trailing dot (ECMA-119 §7.5.1), lower case. */
    static String normalizeIsoName(String name) {
        return plainName(name).toLowerCase(Locale.ROOT);
    }

    private void readDirectory(Directory directory) throws IOException {
        long offset = IsoSectors.offset(directory.sector());
        if (!visited.add(directory.sector())) {
            throw new IsoFormatException(offset, "directory '" + directory.path() + "' reuses the extent of another "
                    + "directory (cyclic hierarchy)");
        }
        if (directory.length() > MAX_DIRECTORY_BYTES) {
            throw new IsoFormatException(offset, "directory '" + directory.path() + "' is " + directory.length()
                    + " bytes, more than the " + MAX_DIRECTORY_BYTES + " accepted");
        }
        directoryBytes += directory.length();
        if (directoryBytes > reader.size()) {
            throw new IsoFormatException(offset, "directory '" + directory.path() + "' overlaps others: directories "
                    + "add up to " + directoryBytes + " bytes, more than the " + reader.size() + "-byte image");
        }
        byte[] data = reader.read(offset, directory.length(), "directory '" + directory.path() + "'");
        int pos = 0;
        while (pos < data.length) {
            int length = u8(data, pos);
            if (length == 0) {
                pos = (pos / IsoSectors.SECTOR_BYTES + 1) * IsoSectors.SECTOR_BYTES;
                continue;
            }
            if (length < MIN_RECORD_BYTES || length > data.length - pos) {
                throw new IsoFormatException(offset + pos, "directory record of length " + length + " in '"
                        + directory.path() + "' (" + (data.length - pos) + " bytes left)");
            }
            readRecord(directory, data, pos, offset);
            pos += length;
        }
    }

    private void readRecord(Directory directory, byte[] data, int pos, long dataOffset) throws IOException {
        int length = u8(data, pos);
        int nameLength = u8(data, pos + 32);
        if (NAME_START + nameLength > length) {
            throw new IsoFormatException(dataOffset + pos, "file identifier of " + nameLength
                    + " bytes overruns its directory record of " + length + " bytes");
        }
        int systemUse = pos + NAME_START + nameLength + (nameLength % 2 == 0 ? 1 : 0);
        int recordEnd = pos + length;
        if (nameLength == 1 && (data[pos + NAME_START] == 0 || data[pos + NAME_START] == 1)) {
            if (pos == 0 && directory.path().isEmpty()) {
                suspSkip = SystemUseReader.spSkipLength(data, systemUse, recordEnd);
                SystemUseReader.Fields fields = suspSkip >= 0
                        ? SystemUseReader.read(reader, data, systemUse, recordEnd, dataOffset)
                        : SystemUseReader.Fields.none();
                rootAttributes = attributes(fields, recordingDate(data, pos), true);
            }
            return;
        }
        String isoName = new String(data, pos + NAME_START, nameLength, StandardCharsets.ISO_8859_1);
        SystemUseReader.Fields rockRidge = suspSkip >= 0 && systemUse + suspSkip < recordEnd
                ? SystemUseReader.read(reader, data, systemUse + suspSkip, recordEnd, dataOffset)
                : SystemUseReader.Fields.none();
        String path = directory.path() + "/" + checkedName(rockRidge.name() != null ? rockRidge.name() : plainName(isoName),
                dataOffset + pos);
        int flags = u8(data, pos + 25);
        checkSupported(data, pos, flags, path, dataOffset + pos);
        long sector = u32(data, pos + 2);
        long size = u32(data, pos + 10);
        reader.requireInside(IsoSectors.offset(sector), size, "extent of '" + path + "'");
        boolean isDirectory = (flags & FLAG_DIRECTORY) != 0;
        IsoTreeAttributes attributes = attributes(rockRidge, recordingDate(data, pos), isDirectory);
        add(new IsoEntry(path, isDirectory, IsoSectors.offset(sector), size, rockRidge.mode(), attributes),
                directory.isoPath() + "/" + normalizeIsoName(isoName), dataOffset + pos);
        if (isDirectory) {
            pending.add(new Directory(sector, size, path, directory.isoPath() + "/" + normalizeIsoName(isoName)));
        }
    }

    private static Instant recordingDate(byte[] data, int pos) {
        return IsoDateFields.date7(data, pos + RECORDING_DATE).map(OffsetDateTime::toInstant).orElse(null);
    }

    private static IsoTreeAttributes attributes(SystemUseReader.Fields fields, Instant recorded, boolean directory) {
        int mode = fields.mode().orElse(directory ? DEFAULT_DIRECTORY_MODE : DEFAULT_FILE_MODE) & PERMISSION_BITS;
        Instant fallback = recorded != null ? recorded : Instant.EPOCH;
        return new IsoTreeAttributes(mode, fields.uid(), fields.gid(), orElse(fields.modified(), fallback),
                orElse(fields.accessed(), fallback), orElse(fields.changed(), fallback));
    }

    private static Instant orElse(Instant time, Instant fallback) {
        return time != null ? time : fallback;
    }

    private void add(IsoEntry entry, String isoPath, long recordOffset) throws IsoFormatException {
        if (walked.size() >= MAX_ENTRIES) {
            throw new IsoFormatException(recordOffset, "more than " + MAX_ENTRIES + " directory entries");
        }
        walked.add(new Walked(entry, isoPath));
    }

    private static void checkSupported(byte[] data, int pos, int flags, String path, long recordOffset)
            throws IsoFormatException {
        if ((flags & FLAG_MULTI_EXTENT) != 0) {
            throw new IsoFormatException(recordOffset, "'" + path + "' is a multi-extent file (ECMA-119 §9.1.6 bit 7),"
                    + " which is not supported");
        }
        if (u8(data, pos + 1) != 0 || u8(data, pos + 26) != 0 || u8(data, pos + 27) != 0) {
            throw new IsoFormatException(recordOffset, "'" + path + "' uses an extended attribute record or "
                    + "interleaving, which is not supported");
        }
    }

    private static String plainName(String isoName) {
        int version = isoName.indexOf(';');
        String base = version >= 0 ? isoName.substring(0, version) : isoName;
        return base.endsWith(".") ? base.substring(0, base.length() - 1) : base;
    }

    private static String checkedName(String name, long recordOffset) throws IsoFormatException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf(0) >= 0) {
            throw new IsoFormatException(recordOffset, "invalid file name '" + name + "'");
        }
        return name;
    }
}
