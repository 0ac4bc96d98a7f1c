package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Oracles and waits shared by the PXE and boot-artifact integration tests. */
final class PxeChecks {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
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

    /**
     * Waits until every image in {@code ready} is ready and {@code failing} (if not null) has failed once.
     */
    static void awaitImages(HttpClient http, URL base, List<String> ready, String failing) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> health = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            last = new String(health.body(), StandardCharsets.UTF_8);
            if (health.body().length > 0 && states(health.body(), ready, failing)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("images did not reach their states: " + last);
    }

    private static boolean states(byte[] json, List<String> ready, String failing) throws IOException {
        for (String name : ready) {
            if (!imageHealth(json, name).get("state").asText().equals("ready")) {
                return false;
            }
        }
        return failing == null || imageHealth(json, failing).get("state").asText().equals("failed");
    }
}
