package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * Reads served images back with tools that share no code with the service: {@code xorriso} for the ISO 9660
 * tree, {@code gzip} and {@code cpio} for the ignition archive.
 */
final class IsoTools {

    private static final int SECTOR_BYTES = 2048;
    private static final Pattern FILE_LBA = Pattern.compile("File data lba:\\s*\\d+\\s*,\\s*(\\d+)\\s*,");

    private final Path scratch;

    IsoTools(Path scratch) {
        this.scratch = scratch;
    }

    /** The content of one file of the ISO, extracted by xorriso. */
    byte[] extract(Path iso, String isoPath) throws IOException {
        Path target = Files.createTempFile(scratch, "extract-", ".bin");
        Files.delete(target);
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", isoPath,
                target.toString()));
        try {
            return Files.readAllBytes(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    String extractText(Path iso, String isoPath) throws IOException {
        return new String(extract(iso, isoPath), StandardCharsets.UTF_8);
    }

    /** Byte offset of a file's data in the ISO, as xorriso reports its start sector. */
    long offsetOf(Path iso, String isoPath) throws IOException {
        String report = ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-find", isoPath,
                "-exec", "report_lba"));
        Matcher matcher = FILE_LBA.matcher(report);
        if (!matcher.find()) {
            throw new IOException("xorriso reported no data extent for " + isoPath + ":\n" + report);
        }
        return Long.parseLong(matcher.group(1)) * SECTOR_BYTES;
    }

    /** {@code config.ign} of a gzip'd newc cpio (trailing zeros allowed), as {@code gzip -dc | cpio -i} reads it. */
    String ignitionConfig(byte[] area) throws IOException {
        Path archive = Files.createTempFile(scratch, "ignition-", ".img");
        try {
            Files.write(archive, area);
            return ExternalTools.output(List.of("sh", "-c", "gzip -dc < '" + archive + "' 2>/dev/null"
                    + " | cpio -i --quiet --to-stdout config.ign 2>/dev/null"));
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** Whether every byte of {@code bytes[from, to)} is zero. */
    static boolean zeros(byte[] bytes, int from, int to) {
        byte[] slice = Arrays.copyOfRange(bytes, from, to);
        return Arrays.equals(slice, new byte[slice.length]);
    }
}
