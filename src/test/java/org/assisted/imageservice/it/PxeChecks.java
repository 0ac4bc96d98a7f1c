package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Oracles and waits shared by the PXE and boot-artifact integration tests. */
final class PxeChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PxeChecks() {
    }

    /** The four parts of a PXE initrd, cut at the boundaries the test knows independently. */
    record Parts(byte[] base, byte[] ignition, byte[] ramdisk, byte[] nmstate) {
    }

    static Parts split(byte[] body, int baseLength, int ramdiskLength, int nmstateLength) {
        int ramdiskStart = body.length - nmstateLength - ramdiskLength;
        return new Parts(Arrays.copyOf(body, baseLength), Arrays.copyOfRange(body, baseLength, ramdiskStart),
                Arrays.copyOfRange(body, ramdiskStart, ramdiskStart + ramdiskLength),
                Arrays.copyOfRange(body, body.length - nmstateLength, body.length));
    }

    /**
     * Hand computation of the ignition archive length (docs/upstream-behaviour.md#ignition-archive with stored deflate
     * blocks): a 124-byte header+name, the config padded to 4, a 124-byte trailer; gzip adds 10 + 5 + 8 bytes; the
     * whole is padded to 4.
     */
    static long ignitionArchiveLength(int configBytes) {
        long cpio = 124 + align4(configBytes) + 124;
        return align4(10 + 5 + cpio + 8);
    }

    private static long align4(long value) {
        return (value + 3) / 4 * 4;
    }

    /** A file extracted from an ISO by xorriso. */
    static byte[] extract(Path work, Path iso, String isoPath) throws IOException {
        Path out = Files.createTempFile(work, "extract-", ".bin");
        Files.delete(out);
        PxeFixtures.shell(work, "xorriso -osirrox on -indev '" + iso + "' -extract '" + isoPath + "' '" + out
                + "' 2>/dev/null");
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }

    /** One member of a gzip'd cpio (trailing zero padding allowed), extracted by zcat and GNU cpio. */
    static String cpioMember(Path work, byte[] gzipCpio, String member) throws IOException {
        return gnuCpio(work, gzipCpio, "cpio -i --quiet --to-stdout '" + member + "'");
    }

    /** {@code cpio -tv} of a gzip'd cpio. */
    static String cpioListing(Path work, byte[] gzipCpio) throws IOException {
        return gnuCpio(work, gzipCpio, "cpio -itv --quiet");
    }

    private static String gnuCpio(Path work, byte[] gzipCpio, String cpio) throws IOException {
        Path file = Files.createTempFile(work, "archive-", ".gz");
        Files.write(file, gzipCpio);
        try {
            return PxeFixtures.shell(work, "zcat -q < '" + file + "' | " + cpio);
        } finally {
            Files.delete(file);
        }
    }

    static void assertText(HttpResponse<byte[]> response, int status, String body) {
        assertEquals(status, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(body, new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain;charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase(Locale.ROOT));
    }

    static JsonNode imageHealth(byte[] healthJson, String name) throws IOException {
        for (JsonNode image : JSON.readTree(healthJson).get("images")) {
            if (image.get("name").asText().equals(name)) {
                return image;
            }
        }
        throw new AssertionError("no image " + name + " in " + new String(healthJson, StandardCharsets.UTF_8));
    }
}
