package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.XorrisoReports;

/**
 * Reads served images back with tools that share no code with the service: {@code xorriso} for the ISO 9660
 * tree, {@code gzip} and {@code cpio} for the ignition archive.
 */
final class IsoTools {

    private final Path scratch;

    IsoTools(Path scratch) {
        this.scratch = scratch;
    }

    /** The content of one file of the ISO, extracted by xorriso. */
    byte[] extract(Path iso, String isoPath) throws IOException {
        Path target = Files.createTempFile(scratch, "extract-", ".bin");
        Files.delete(target);
        XorrisoReports.extract(iso, isoPath, target);
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
        return XorrisoReports.file(iso, isoPath).offset();
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
