package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code xorriso} reports about an image: the independent oracle of the reader tests and the ITs. */
public final class XorrisoReports {

    private static final Pattern FILE_LBA =
            Pattern.compile("File data lba:\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*'(.*)'");
    private static final Pattern CATALOG = Pattern.compile("El Torito catalog\\s*:\\s*(\\d+)\\s+\\d+");
    private static final Pattern BOOT_IMAGE = Pattern.compile(
            "El Torito boot img :\\s*(\\d+)\\s+(\\S+)\\s+([yn])\\s+(\\S+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+(\\d+)\\s+(\\d+)");

    private static final long SECTOR_BYTES = 2048;

    /** One line of {@code -report_lba}: start sector and size of a file. */
    public record FileLba(String path, long sector, long size) {

        /** Byte position of the file's data in the image. */
        public long offset() {
            return sector * SECTOR_BYTES;
        }
    }

    /** One {@code El Torito boot img} line of {@code -report_el_torito plain}. */
    public record BootImage(String platform, boolean bootable, String emulation, int loadSegment, int systemType,
                     int loadSize, long sector) {
    }

    private XorrisoReports() {
    }

    /** Files with Rock Ridge names ({@code plainIso9660} false) or plain ISO 9660 names. */
    public static Map<String, FileLba> fileLbas(Path iso, boolean plainIso9660) throws IOException {
        List<String> command = new ArrayList<>(List.of("xorriso"));
        if (plainIso9660) {
            command.addAll(List.of("-read_fs", "ecma119"));
        }
        command.addAll(List.of("-indev", iso.toString(), "-find", "/", "-exec", "report_lba", "--"));
        Map<String, FileLba> files = new LinkedHashMap<>();
        Matcher m = FILE_LBA.matcher(ExternalTools.output(command));
        while (m.find()) {
            files.put(m.group(3), new FileLba(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        return files;
    }

    public static long catalogSector(Path iso) throws IOException {
        Matcher m = CATALOG.matcher(elTorito(iso));
        if (!m.find()) {
            throw new IllegalStateException("no catalog line in xorriso report");
        }
        return Long.parseLong(m.group(1));
    }

    public static List<BootImage> bootImages(Path iso) throws IOException {
        List<BootImage> images = new ArrayList<>();
        Matcher m = BOOT_IMAGE.matcher(elTorito(iso));
        while (m.find()) {
            images.add(new BootImage(m.group(2), m.group(3).equals("y"), m.group(4), Integer.parseInt(m.group(5), 16),
                    Integer.parseInt(m.group(6), 16), Integer.parseInt(m.group(7)), Long.parseLong(m.group(8))));
        }
        return images;
    }

    /** The data extent of one file (its first, for a file of several extents). */
    public static FileLba file(Path iso, String isoPath) throws IOException {
        Matcher m = FILE_LBA.matcher(ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-find",
                isoPath, "-exec", "report_lba", "--")));
        if (!m.find()) {
            throw new IOException("xorriso reported no data extent for " + isoPath);
        }
        return new FileLba(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** Extracts one file with {@code xorriso -osirrox on -extract}. */
    public static void extract(Path iso, String isoPath, Path target) throws IOException {
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", isoPath,
                target.toString()));
    }

    private static String elTorito(Path iso) throws IOException {
        return ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain"));
    }
}
