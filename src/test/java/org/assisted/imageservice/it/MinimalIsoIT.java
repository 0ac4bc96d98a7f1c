package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Minimal ISOs from a real deployment: the template is built at start-up from a bootable base image
 * ({@link BootableBaseIso}), each download overlays ignition, kernel arguments and the assisted-service ramdisk,
 * and the result boots in QEMU with all three visible to the initramfs. Served files are read back with xorriso,
 * gzip and cpio, never with the code under test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MinimalIsoIT {

    private static final String IMAGE_ID = "6c1d0f0e-8a4b-4f3e-9b8e-2f4c9d7a5b21";
    private static final String BIG_RAMDISK_ID = "6c1d0f0e-8a4b-4f3e-9b8e-2f4c9d7a5b22";
    private static final String VERSION = "418.94.202501221327-0";
    private static final String BASE_URL = "https://images.example.com/api/assisted-images";
    private static final String ROOTFS_URL = BASE_URL + "/boot-artifacts/rootfs?arch=x86_64&version=" + VERSION;
    private static final String IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"},\"passwd\":{\"users\":[{\"name\":\"minimal-iso-it\"}]}}";
    private static final String KARG = "assisted.it=kargs-visible";
    private static final String MARKER = "ramdisk-from-assisted-service";
    private static final String LAST_MODIFIED = "Fri, 22 Apr 2022 18:11:09 GMT";
    private static final int RAMDISK_AREA_BYTES = 1024 * 1024;
    private static final long BOOT_TIMEOUT_SECONDS = 120;
    private static final Pattern LBA = Pattern.compile("File data lba:\\s*\\d+\\s*,\\s*(\\d+)\\s*,");

    @AutoClose
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path data;
    private static byte[] ramdisk;
    private static Path served;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("minimal-iso");
        Path baseIso = BootableBaseIso.build(Files.createDirectories(work.resolve("src")), "rhcos-" + VERSION);
        ramdisk = BootableBaseIso.ramdisk(work, MARKER);
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition(IGNITION).ignitionLastModified(LAST_MODIFIED).ramdisk(ramdisk)
                .kernelArguments("[{\"operation\":\"append\",\"value\":\"" + KARG + "\"}]");
        assisted.image(BIG_RAMDISK_ID).ramdisk(new byte[RAMDISK_AREA_BYTES + 1]);
        data = Files.createDirectories(work.resolve("data"));
        return Deployments.war("miniso", Map.of(
                "DATA_DIR", data.toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "IMAGE_SERVICE_BASE_URL", BASE_URL,
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + baseIso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    /** The template in DATA_DIR, named {@code rhcos-minimal-iso-<version>-<arch>.<digest of its inputs>.iso}. */
    private static Path template() throws IOException {
        String prefix = "rhcos-minimal-iso-" + VERSION + "-x86_64.";
        try (var files = Files.list(data)) {
            List<Path> templates = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".iso")).toList();
            assertEquals(1, templates.size(), templates::toString);
            return templates.get(0);
        }
    }

    @Test
    void servesTheTemplateWithRamdiskIgnitionAndKernelArguments() throws Exception {
        Path iso = served();
        Path template = template();
        assertEquals(Files.size(template), Files.size(iso));
        byte[] custom = extract(iso, "/images/assisted_installer_custom.img");
        assertEquals(RAMDISK_AREA_BYTES, custom.length);
        assertArrayEquals(ramdisk, Arrays.copyOf(custom, ramdisk.length), "ramdisk at the start of the file");
        assertArrayEquals(new byte[RAMDISK_AREA_BYTES - ramdisk.length],
                Arrays.copyOfRange(custom, ramdisk.length, custom.length), "zeros after the ramdisk");
        String ignition = ExternalTools.output(List.of("sh", "-c", "xorriso -osirrox on -indev " + iso
                + " -extract /images/ignition.img " + work.resolve("ign.img") + " >/dev/null 2>&1 && "
                + "gzip -dc < " + work.resolve("ign.img") + " 2>/dev/null | cpio --quiet -i --to-stdout config.ign"));
        assertEquals(IGNITION, ignition);
        String isolinux = new String(extract(iso, "/isolinux/isolinux.cfg"), StandardCharsets.ISO_8859_1);
        assertTrue(isolinux.contains("append initrd=/images/pxeboot/initrd.img,/images/ignition.img,"
                + "/images/assisted_installer_custom.img console=ttyS0 quiet "), isolinux);
        assertTrue(isolinux.contains(" coreos.live.rootfs_url=\"" + ROOTFS_URL + "\" " + KARG + "\n#"), isolinux);
        assertFalse(ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-ls", "/images/pxeboot/"))
                .contains("rootfs.img"));
    }

    @Test
    void headRangeAndConditionalRequestsWorkAsForTheFullIso() throws Exception {
        Path iso = served();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(base + "images/" + IMAGE_ID + "?version=4.17&type=minimal-iso&arch=x86_64");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(Files.size(iso)), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("bytes", head.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals(LAST_MODIFIED, head.headers().firstValue("Last-Modified").orElseThrow());

        long first = ramdiskLba(iso) * 2048;
        long last = first + ramdisk.length + 99;
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=" + first + "-" + last)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + Files.size(iso),
                range.headers().firstValue("Content-Range").orElseThrow());
        byte[] expected = Arrays.copyOf(ramdisk, ramdisk.length + 100);
        assertArrayEquals(expected, range.body());

        HttpResponse<Void> notModified = http.send(HttpRequest.newBuilder(uri)
                .header("If-Modified-Since", LAST_MODIFIED).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(304, notModified.statusCode());
    }

    @Test
    void shortUrlServesTheSameBytes() throws Exception {
        Path iso = served();
        Path shortIso = work.resolve("short.iso");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "byid/" + IMAGE_ID + "/4.17/x86_64/minimal.iso")).build(),
                HttpResponse.BodyHandlers.ofFile(shortIso));
        assertEquals(200, response.statusCode());
        assertEquals(-1, Files.mismatch(iso, shortIso));
    }

    @Test
    void aRamdiskLargerThanItsAreaIsAClear400() throws Exception {
        new ItHttp(base).awaitHealthy();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        base + "images/" + BIG_RAMDISK_ID + "?version=4.17&type=minimal-iso")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("content length (" + (RAMDISK_AREA_BYTES + 1)
                + ") exceeds embed area size (" + RAMDISK_AREA_BYTES + ")"), response.body());
        assertTrue(response.body().contains("assisted_installer_custom.img"), response.body());
    }

    @Test
    void servedMinimalIsoBootsWithIgnitionRamdiskAndKernelArgumentsVisible() throws Exception {
        Path iso = served();
        String console = BootableBaseIso.boot(iso, work.resolve("console.log"), BOOT_TIMEOUT_SECONDS);
        int begin = console.indexOf(BootableBaseIso.BEGIN);
        assertTrue(begin >= 0 && console.indexOf(BootableBaseIso.END, begin) > 0,
                "the initramfs ran to the end:\n" + console);
        String output = console.substring(begin);
        assertTrue(output.contains("config.ign"), output);
        assertTrue(output.contains(IGNITION), "ignition visible to the initramfs:\n" + output);
        assertTrue(output.contains(MARKER), "ramdisk visible to the initramfs:\n" + output);
        assertTrue(output.contains(KARG), "kernel arguments on the command line:\n" + output);
        assertTrue(output.contains("coreos.live.rootfs_url=\"" + ROOTFS_URL + "\""), output);
        assertFalse(output.contains("coreos.liveiso="), output);
    }

    /** The customized minimal ISO, downloaded once. */
    private Path served() throws Exception {
        if (served == null) {
            HttpClient http = HttpClient.newHttpClient();
            new ItHttp(base).awaitHealthy();
            Path out = work.resolve("served.iso");
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(
                    base + "images/" + IMAGE_ID + "?version=4.17&type=minimal-iso")).build(),
                    HttpResponse.BodyHandlers.ofFile(out));
            assertEquals(200, response.statusCode());
            assertEquals("attachment; filename=" + IMAGE_ID + "-discovery.iso",
                    response.headers().firstValue("Content-Disposition").orElseThrow());
            assertNotEquals(-1, Files.mismatch(out, template()));
            served = out;
        }
        return served;
    }

    private byte[] extract(Path iso, String path) throws IOException {
        Path target = work.resolve(Path.of(path).getFileName() + ".extracted");
        Files.deleteIfExists(target);
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", path,
                target.toString()));
        return Files.readAllBytes(target);
    }

    private static long ramdiskLba(Path iso) throws IOException {
        String report = ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-find",
                "/images/assisted_installer_custom.img", "-exec", "report_lba"));
        Matcher m = LBA.matcher(report);
        assertTrue(m.find(), report);
        return Long.parseLong(m.group(1));
    }

}
