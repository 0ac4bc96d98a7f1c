package org.assisted.imageservice.minimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.TestIsos;

/** Reads minimal-ISO templates and their bases back with xorriso and checks them without the code under test. */
final class MinimalIsoTemplateOracle {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CATALOG_PATH = Pattern.compile("El Torito cat path : (\\S+)");

    private MinimalIsoTemplateOracle() {
    }

    /** Extracts the whole tree with {@code xorriso -osirrox on -extract / dir}. */
    static Path extractAll(Path iso, Path target) throws IOException {
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/",
                target.toString()));
        return target;
    }

    static String xorriso(Path iso, String... commands) throws IOException {
        List<String> command = new ArrayList<>(List.of("xorriso", "-indev", iso.toString()));
        command.addAll(List.of(commands));
        return ExternalTools.output(command);
    }

    /** {@code -pvd_info} lines (identifiers and dates), without the drive line. */
    static String pvdInfo(Path iso) throws IOException {
        return xorriso(iso, "-pvd_info").lines().filter(l -> l.contains(" : ") || l.contains(": "))
                .filter(l -> !l.startsWith("Drive") && !l.startsWith("Media") && !l.startsWith("xorriso"))
                .collect(Collectors.joining("\n"));
    }

    /** Path → "permissions owner group date" as {@code -find / -exec lsdl} shows them (sizes left out). */
    static Map<String, String> attributes(Path iso) throws IOException {
        Map<String, String> attributes = new TreeMap<>();
        Pattern line = Pattern.compile("(\\S+)\\s+\\d+\\s+(\\S+)\\s+(\\S+)\\s+\\d+\\s+(.+?) '(.*)'");
        for (String text : xorriso(iso, "-find", "/", "-exec", "lsdl", "--").lines().toList()) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                attributes.put(m.group(5), m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
        }
        return attributes;
    }

    static Optional<String> catalogPath(Path iso) throws IOException {
        Matcher m = CATALOG_PATH.matcher(xorriso(iso, "-report_el_torito", "plain"));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String elToritoReport(Path iso) throws IOException {
        return xorriso(iso, "-report_el_torito", "plain");
    }

    static String systemAreaReport(Path iso) throws IOException {
        return xorriso(iso, "-report_system_area", "plain");
    }

    /** The boot info table fields (El Torito / mkisofs {@code -boot-info-table}) of an extracted boot image. */
    static void assertBootInfoTable(byte[] image, long sector) {
        ByteBuffer table = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int sum = 0;
        for (int i = 64; i < image.length; i += 4) {
            sum += ByteBuffer.wrap(Arrays.copyOfRange(image, i, i + 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        assertEquals(16, table.getInt(8), "PVD sector");
        assertEquals(sector, table.getInt(12), "boot image sector");
        assertEquals(image.length, table.getInt(16), "boot image length");
        assertEquals(sum, table.getInt(20), "checksum");
        assertArrayEquals(new byte[40], Arrays.copyOfRange(image, 24, 64), "reserved bytes");
    }

    /**
     * kargs.json as coreos-installer reads it: every {@code files[]} entry's area of {@code size} bytes is the default
     * kargs, the end character ({@code \n} by default), then pad characters ({@code #} by default).
     *
     * @return path → byte offset of the area in that file
     */
    static Map<String, Integer> assertKargsAreas(Path extracted) throws IOException {
        JsonNode kargs = MAPPER.readTree(extracted.resolve("coreos/kargs.json").toFile());
        String defaults = kargs.get("default").asText();
        int size = kargs.get("size").asInt();
        Map<String, Integer> offsets = new TreeMap<>();
        for (JsonNode file : kargs.get("files")) {
            String end = file.has("end") ? file.get("end").asText() : "\n";
            String pad = file.has("pad") ? file.get("pad").asText() : "#";
            String expected = defaults + end + pad.repeat(size - defaults.length() - 1);
            byte[] content = Files.readAllBytes(extracted.resolve(file.get("path").asText()));
            int offset = file.get("offset").asInt();
            assertTrue(offset + size <= content.length, "area inside " + file);
            assertEquals(expected, new String(content, offset, size, StandardCharsets.ISO_8859_1), "area of " + file);
            offsets.put(file.get("path").asText(), offset);
        }
        return offsets;
    }

    /** The rest of the line after the kargs area of {@code file}, e.g. {@code # COREOS_KARG_EMBED_AREA}. */
    static String afterArea(Path extracted, String file, int offset) throws IOException {
        JsonNode kargs = MAPPER.readTree(extracted.resolve("coreos/kargs.json").toFile());
        String content = Files.readString(extracted.resolve(file), StandardCharsets.ISO_8859_1);
        int start = offset + kargs.get("size").asInt();
        int end = content.indexOf('\n', start);
        return content.substring(start, end < 0 ? content.length() : end + 1);
    }
}
