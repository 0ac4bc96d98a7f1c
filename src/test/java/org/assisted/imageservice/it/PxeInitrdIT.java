package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.assisted.imageservice.it.ItImages.Entry;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pxe-initrd} and {@code s390x-initrd-addrsize} in Tomcat (docs/upstream-behaviour.md#pxe-initrd-route and
 * #s390x-addrsize-route): bodies split at the known part boundaries and read back with zcat and GNU cpio, headers,
 * ranges, statuses, nmstate eligibility, a version whose rootfs lacks nmstatectl, and a QEMU boot of the downloaded
 * initrd.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PxeInitrdIT {

    static final String IMAGE_ID = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
    static final String NO_RAMDISK_ID = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
    static final String FAILING_ID = "11111111-2222-4333-8444-555555555555";
    static final String RHCOS_418 = "418.94.202501221327-0";
    static final String RHCOS_417 = "417.94.202410090854-0";
    static final String RHCOS_419 = "419.96.202503032242-0";
    static final String CONFIG = "{\"ignition\":{\"version\":\"3.2.0\"},\"pxe\":\"yes\"}";
    static final String LAST_MODIFIED = "Fri, 22 Apr 2022 18:11:09 GMT";

    @AutoClose
    static FakeAssistedService assisted;
    static Path work;
    static Path data;
    static Path iso418;
    static Path isoS390x;
    static byte[] ramdisk;
    static byte[] nmstatectlOriginal;

    @ArquillianResource
    URL base;

    private PxeHttp http;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("pxe-initrd");
        Path src = Files.createDirectories(work.resolve("src"));
        byte[] rootfs = PxeFixtures.rootfs(work, true);
        byte[] initramfs = PxeFixtures.busyboxInitramfs(work);
        iso418 = TestIsos.x86_64("rhcos-" + RHCOS_418).file("images/pxeboot/rootfs.img", rootfs)
                .file("images/pxeboot/initrd.img", initramfs).buildWithXorriso(src);
        Path iso417 = TestIsos.x86_64("rhcos-" + RHCOS_417).file("images/pxeboot/rootfs.img", rootfs)
                .buildWithXorriso(src);
        Path iso419 = TestIsos.x86_64("rhcos-" + RHCOS_419)
                .file("images/pxeboot/rootfs.img", PxeFixtures.rootfs(work, false)).buildWithXorriso(src);
        isoS390x = TestIsos.s390x("rhcos-" + RHCOS_418).file("images/pxeboot/rootfs.img", rootfs)
                .writeWithXorriso(src.resolve("s390x.iso"));
        nmstatectlOriginal = PxeFixtures.NMSTATECTL.getBytes(StandardCharsets.US_ASCII);
        ramdisk = PxeFixtures.ramdisk(work);
        assisted = FakeAssistedService.start();
        data = Files.createDirectories(work.resolve("data"));
        return Deployments.war("pxe", Map.of(
                "DATA_DIR", data.toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "MIN_ROOTFS_SIZE", "4096",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS", "5",
                "OS_IMAGES", ItImages.osImages(List.of(Entry.full("4.18", "x86_64", RHCOS_418, iso418),
                        Entry.full("4.17", "x86_64", RHCOS_417, iso417),
                        Entry.full("4.19", "x86_64", RHCOS_419, iso419),
                        Entry.full("4.18", "s390x", RHCOS_418, isoS390x)))));
    }

    @BeforeEach
    void configureAssistedService() throws Exception {
        assisted.image(IMAGE_ID).ignition(CONFIG).ignitionLastModified(LAST_MODIFIED).ramdisk(ramdisk);
        assisted.image(NO_RAMDISK_ID).ignition(CONFIG).ramdiskStatus(204);
        http = new PxeHttp(base);
        http.awaitImages(List.of(RHCOS_418 + "/x86_64/full-iso", RHCOS_417 + "/x86_64/full-iso",
                RHCOS_418 + "/s390x/full-iso"), RHCOS_419 + "/x86_64/full-iso");
    }

    @Test
    void initrdIsBaseThenIgnitionThenRamdiskThenNmstateAndEachPartReadsBack() throws Exception {
        HttpResponse<byte[]> response = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18");
        assertEquals(200, response.statusCode());
        byte[] body = response.body();
        byte[] baseInitrd = PxeChecks.extract(work, iso418, "/images/pxeboot/initrd.img");
        byte[] nmstate = Files.readAllBytes(data.resolve("nmstatectl-" + RHCOS_418 + "-x86_64"));
        PxeChecks.Parts parts = PxeChecks.split(body, baseInitrd.length, ramdisk.length, nmstate.length);

        assertArrayEquals(baseInitrd, parts.base());
        assertEquals(CONFIG, PxeChecks.cpioMember(work, parts.ignition(), "config.ign"));
        assertArrayEquals(ramdisk, parts.ramdisk());
        assertArrayEquals(nmstate, parts.nmstate());
        assertTrue(PxeChecks.cpioListing(work, parts.nmstate())
                .matches("-rwxr-xr-x +1 root +root +" + nmstatectlOriginal.length + " .* /usr/bin/nmstatectl\\s*"));
        assertEquals(PxeFixtures.NMSTATECTL, PxeChecks.cpioMember(work, parts.nmstate(), "/usr/bin/nmstatectl"));
        assertEquals(String.valueOf(body.length), response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("attachment; filename=" + IMAGE_ID + "-initrd.img",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(LAST_MODIFIED, response.headers().firstValue("Last-Modified").orElseThrow());
        assertEquals("bytes", response.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals("", assisted.requests(FakeAssistedService.Endpoint.IGNITION).get(0).queryParams()
                .getOrDefault("discovery_iso_type", ""), "no discovery_iso_type on the ignition call");
    }

    @Test
    void rangesAcrossEveryBoundaryHeadAndConditionalRequestsMatchTheFullBody() throws Exception {
        byte[] full = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18").body();
        long nmstateLength = Files.size(data.resolve("nmstatectl-" + RHCOS_418 + "-x86_64"));
        long baseLength = PxeChecks.extract(work, iso418, "/images/pxeboot/initrd.img").length;
        long first = baseLength - 7;
        long last = full.length - nmstateLength + 5;
        HttpResponse<byte[]> partial = http.send(http.request("images/" + IMAGE_ID + "/pxe-initrd?version=4.18")
                .header("Range", "bytes=" + first + "-" + last).build());
        assertEquals(206, partial.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + full.length,
                partial.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(full, (int) first, (int) last + 1), partial.body());

        HttpResponse<byte[]> suffix = http.send(http.request("images/" + IMAGE_ID + "/pxe-initrd?version=4.18")
                .header("Range", "bytes=-10").build());
        assertArrayEquals(Arrays.copyOfRange(full, full.length - 10, full.length), suffix.body());

        HttpResponse<byte[]> head = http.send(http.request("images/" + IMAGE_ID + "/pxe-initrd?version=4.18")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(full.length), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);

        HttpResponse<byte[]> notModified = http.send(http.request("images/" + IMAGE_ID + "/pxe-initrd?version=4.18")
                .header("If-Modified-Since", LAST_MODIFIED).build());
        assertEquals(304, notModified.statusCode());
        HttpResponse<byte[]> unsatisfiable = http.send(http.request("images/" + IMAGE_ID + "/pxe-initrd?version=4.18")
                .header("Range", "bytes=" + full.length + "-").build());
        assertEquals(416, unsatisfiable.statusCode());
        assertEquals("bytes */" + full.length, unsatisfiable.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void nmstateFollowsTheResolvedEntrysOpenshiftVersionNotTheRequestedString() throws Exception {
        byte[] rhcos418 = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=" + RHCOS_418).body();
        byte[] openshift418 = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18&arch=x86_64").body();
        assertArrayEquals(openshift418, rhcos418, "the RHCOS version resolves to the 4.18 entry: nmstate appended");

        int baseLength = (int) TestIsos.x86_64("any").initrdSize();
        for (String version : List.of("4.17", RHCOS_417)) {
            HttpResponse<byte[]> response = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=" + version);
            assertEquals(200, response.statusCode(), version + " (upstream answers 500 for the RHCOS string)");
            byte[] body = response.body();
            assertEquals(baseLength + PxeChecks.ignitionArchiveLength(CONFIG.length()) + ramdisk.length, body.length,
                    version + ": base, ignition and ramdisk, no nmstate archive");
            assertArrayEquals(TestIsos.pattern("initrd.img", 0, baseLength), Arrays.copyOf(body, baseLength));
            assertArrayEquals(ramdisk, Arrays.copyOfRange(body, body.length - ramdisk.length, body.length));
        }
        assertFalse(Files.exists(data.resolve("nmstatectl-" + RHCOS_417 + "-x86_64")));
    }

    @Test
    void withoutARamdiskTheInitrdIsBaseAndIgnitionOnly() throws Exception {
        byte[] body = http.get("images/" + NO_RAMDISK_ID + "/pxe-initrd?version=4.18").body();
        byte[] baseInitrd = PxeChecks.extract(work, iso418, "/images/pxeboot/initrd.img");
        assertArrayEquals(baseInitrd, Arrays.copyOf(body, baseInitrd.length));
        byte[] ignition = Arrays.copyOfRange(body, baseInitrd.length, body.length);
        assertEquals(PxeChecks.ignitionArchiveLength(CONFIG.length()), ignition.length);
        assertEquals(CONFIG, PxeChecks.cpioMember(work, ignition, "config.ign"));
    }

    @Test
    void addrsizeIsTheIsoLoadAddressAndTheHandComputedS390xInitrdLength() throws Exception {
        HttpResponse<byte[]> response = http.get("images/" + IMAGE_ID
                + "/s390x-initrd-addrsize?version=4.18&arch=x86_64");
        assertEquals(200, response.statusCode());
        long expectedLength = PxeChecks.extract(work, isoS390x, "/images/pxeboot/initrd.img").length
                + PxeChecks.ignitionArchiveLength(CONFIG.length()) + ramdisk.length
                + Files.size(data.resolve("nmstatectl-" + RHCOS_418 + "-s390x"));
        byte[] expected = ByteBuffer.allocate(16).put(TestIsos.S390X_INITRD_ADDRESS).putLong(expectedLength).array();
        assertArrayEquals(expected, response.body());
        assertEquals("attachment; filename=" + IMAGE_ID + "-initrd.addrsize",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        HttpResponse<byte[]> initrd = http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18&arch=s390x");
        assertEquals(expectedLength, initrd.body().length);
    }

    @Test
    void errorsHaveUpstreamStatusesAndTextsWithoutTheApiKey() throws Exception {
        PxeChecks.assertText(http.get("images/" + IMAGE_ID + "/pxe-initrd"), 400,
                "'version' parameter required for initrd download\n");
        PxeChecks.assertText(http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.99"), 400,
                "version for 4.99 x86_64, not found \n");
        PxeChecks.assertText(http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18&arch=aarch64"), 400,
                "version for 4.18 aarch64, not found \n");
        PxeChecks.assertText(http.get("images/" + IMAGE_ID + "/s390x-initrd-addrsize"), 400,
                "'version' parameter required for initrd download\n");
        assertEquals(503,
                http.get("images/" + IMAGE_ID.toUpperCase(Locale.ROOT) + "/pxe-initrd?version=4.18").statusCode(),
                "an unmatched image path: readiness comes before routing, and 4.19 keeps the store not ready");

        String denied = "2c4d6e8f-0a1b-4c2d-8e3f-4a5b6c7d8e9f";
        assisted.image(denied).ignitionStatus(401);
        String prefix = "http://" + assisted.hostAndPort() + FakeAssistedService.INFRA_ENVS_PATH + denied;
        PxeChecks.assertText(http.get("images/" + denied + "/pxe-initrd?version=4.18&api_key=s3cret"), 401,
                "error retrieving ignition content: ignition request to " + prefix
                        + "/downloads/files?api_key=REDACTED&file_name=discovery.ign returned status 401\n");
        String unavailable = "3d5e7f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
        assisted.image(unavailable).ramdiskStatus(503);
        prefix = "http://" + assisted.hostAndPort() + FakeAssistedService.INFRA_ENVS_PATH + unavailable;
        PxeChecks.assertText(http.get("images/" + unavailable + "/s390x-initrd-addrsize?version=4.18&api_key=s3cret"),
                503, "error retrieving ramdisk content: request to " + prefix
                        + "/downloads/minimal-initrd?api_key=REDACTED returned status 503\n");
    }

    @Test
    void aVersionWhoseRootfsLacksNmstatectlFailsAloneAndHealthSaysWhy() throws Exception {
        assertEquals(503, http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.19").statusCode());
        HttpResponse<byte[]> health = http.get("health");
        assertEquals(503, health.statusCode());
        JsonNode failed = PxeChecks.imageHealth(health.body(), RHCOS_419 + "/x86_64/full-iso");
        assertEquals("failed", failed.get("state").asText());
        assertTrue(failed.get("reason").asText().contains("nmstatectl not found in root.squashfs"), failed.toString());
        assertEquals(200, http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18").statusCode());
    }

    @Test
    void theDownloadedInitrdBootsInQemuAndTheInitramfsSeesEveryPart() throws Exception {
        Path initrd = work.resolve("qemu-initrd.img");
        Files.write(initrd, http.get("images/" + IMAGE_ID + "/pxe-initrd?version=4.18").body());
        String console = QemuBoot.boot(initrd, Duration.ofSeconds(60));
        assertTrue(console.contains("config.ign: " + CONFIG), console);
        assertTrue(console.contains("ramdisk: " + PxeFixtures.RAMDISK_CONTENT.strip()), console);
        assertTrue(console.contains("nmstatectl mode: -rwxr-xr-x"), console);
        assertTrue(console.contains("NMSTATECTL-RAN"), console);
        assertTrue(console.contains("PXE-REPORT-END"), console);
    }
}
