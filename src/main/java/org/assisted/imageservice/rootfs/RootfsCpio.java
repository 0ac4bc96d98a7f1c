package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.archive.cpio.CpioNewcHeader;

/**
 * Finds the root filesystem image in a RHCOS {@code rootfs.img}: an uncompressed newc cpio whose
 * payload is {@code root.squashfs} or {@code root.erofs}. Only headers are read; member data is
 * skipped by arithmetic.
 *
 * <p>Selection mirrors upstream, which unpacks the archive and lists the directory (sorted by
 * name): among regular files named {@code root.<ext>} ({@code <ext>} without dots) the greatest
 * name wins, and a later member with the same name replaces an earlier one.
 */
public final class RootfsCpio {

    private static final int MAX_NAME_BYTES = 4096;
    private static final int MODE_TYPE_MASK = 0170000;
    private static final int MODE_REGULAR = 0100000;
    private static final Pattern ROOT_NAME = Pattern.compile("root\\.([^./]+)");

    private RootfsCpio() {
    }

    /**
     * Walks the cpio headers in {@code [offset, offset + length)} of {@code channel} and returns the
     * root filesystem member.
     *
     * @throws RootfsFormatException if the archive is malformed, has no {@code root.<ext>} member
     *                               ({@code failed to find root file extension}) or the extension is
     *                               neither {@code squashfs} nor {@code erofs}
     */
    public static RootfsMember find(FileChannel channel, long offset, long length) throws IOException {
        ImageWindow window = ImageWindow.of(channel, offset, length);
        String bestName = null;
        long bestOffset = 0;
        long bestLength = 0;
        long position = 0;
        while (true) {
            Header header = readHeader(window, position);
            if (header.name().equals(CpioNewcHeader.TRAILER)) {
                break;
            }
            long dataOffset = CpioNewcHeader.align(position + CpioNewcHeader.HEADER_BYTES + header.nameSize());
            if (header.fileSize() > length - Math.min(length, dataOffset)) {
                throw new RootfsFormatException("cpio member " + header.name() + " at offset " + position
                        + " claims " + header.fileSize() + " bytes, past the end of the " + length + "-byte archive");
            }
            String name = stripDotSlash(header.name());
            boolean regular = (header.mode() & MODE_TYPE_MASK) == MODE_REGULAR;
            if (regular && ROOT_NAME.matcher(name).matches() && (bestName == null || name.compareTo(bestName) >= 0)) {
                bestName = name;
                bestOffset = dataOffset;
                bestLength = header.fileSize();
            }
            position = CpioNewcHeader.align(dataOffset + header.fileSize());
        }
        return select(bestName, offset + bestOffset, bestLength);
    }

    private static RootfsMember select(String name, long offset, long length) throws RootfsFormatException {
        if (name == null) {
            throw new RootfsFormatException("failed to find root file extension");
        }
        Matcher matcher = ROOT_NAME.matcher(name);
        matcher.matches();
        String extension = matcher.group(1);
        for (RootfsKind kind : RootfsKind.values()) {
            if (kind.memberName().equals(name)) {
                return new RootfsMember(kind, offset, length);
            }
        }
        throw new RootfsFormatException("unknown extension for root file: " + extension);
    }

    private record Header(String name, int nameSize, long mode, long fileSize) {
    }

    private static Header readHeader(ImageWindow window, long position) throws IOException {
        if (window.length() - position < CpioNewcHeader.HEADER_BYTES) {
            throw new RootfsFormatException("cpio archive of " + window.length()
                    + " bytes ends without a trailer (header expected at offset " + position + ")");
        }
        byte[] header = new byte[CpioNewcHeader.HEADER_BYTES];
        window.read(position, header, 0, CpioNewcHeader.HEADER_BYTES);
        if (!CpioNewcHeader.hasMagic(header)) {
            throw new RootfsFormatException("no newc cpio magic at offset " + position + " of rootfs.img");
        }
        long mode = hexField(header, CpioNewcHeader.Field.MODE, position);
        long fileSize = hexField(header, CpioNewcHeader.Field.FILE_SIZE, position);
        long nameSize = hexField(header, CpioNewcHeader.Field.NAME_SIZE, position);
        if (nameSize < 1 || nameSize > MAX_NAME_BYTES) {
            throw new RootfsFormatException("cpio header at offset " + position + " has name size " + nameSize);
        }
        byte[] name = new byte[(int) nameSize];
        window.read(position + CpioNewcHeader.HEADER_BYTES, name, 0, name.length);
        if (name[name.length - 1] != 0) {
            throw new RootfsFormatException("cpio member name at offset " + position + " is not NUL-terminated");
        }
        return new Header(new String(name, 0, name.length - 1, StandardCharsets.UTF_8), name.length, mode, fileSize);
    }

    private static long hexField(byte[] header, CpioNewcHeader.Field field, long position)
            throws RootfsFormatException {
        return CpioNewcHeader.field(header, field).orElseThrow(() -> new RootfsFormatException(
                "cpio header at offset " + position + " has a non-hex field"));
    }

    private static String stripDotSlash(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
