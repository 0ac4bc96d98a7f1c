package org.assisted.imageservice.api.resources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.assisted.imageservice.api.InMemoryResourceTest;
import org.assisted.imageservice.api.InMemoryService;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /images/{id}/pxe-initrd}, {@code /images/{id}/s390x-initrd-addrsize} and {@code /boot-artifacts/...} in
 * memory, asserting what PxeInitrdIT and BootArtifactsIT assert on a Tomcat. The expected artifact bytes come from
 * the test ISO's recipe ({@link TestIsos#pattern}), not from the service's ISO reader.
 */
class PxeAndBootArtifactRoutesTest extends InMemoryResourceTest {

    private static final String X86 = "418.94.202501221327-0";
    private static final String S390X = "418.94.202501221327-1";
    private static final String S390X_NO_INS = "416.94.202406251923-0";
    private static final int INITRD_BYTES = 16 * 1024;
    private static final int ROOTFS_BYTES = 300_000;
    private static final int KERNEL_BYTES = 70_001;
    private static final byte[] RAMDISK = TestIsos.pattern("ramdisk", 0, 3000);
    private static final String GENERIC_INS = "* minimal lpar ins file\nimages/kernel.img 0x00000000\n"
            + "images/initrd.img 0x02000000\nimages/genericdvd.prm 0x00010480\nimages/initrd.addrsize 0x00010408\n";

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Path x86 = TestIsos.x86_64("rhcos-" + X86).rootfsSize(ROOTFS_BYTES).kernelSize(KERNEL_BYTES)
                .initrdSize(INITRD_BYTES).writeTo(src.resolve("x86_64.iso"));
        Path s390x = TestIsos.s390x("rhcos-" + S390X).initrdSize(INITRD_BYTES).writeTo(src.resolve("s390x.iso"));
        Path noIns = TestIsos.s390x("rhcos-" + S390X_NO_INS).without("generic.ins")
                .writeTo(src.resolve("s390x-no-ins.iso"));
        started(InMemoryService.start(work, List.of(
                InMemoryService.image("4.17", "x86_64", X86, "full-iso", x86),
                InMemoryService.image("4.17", "s390x", S390X, "full-iso", s390x),
                InMemoryService.image("4.16", "s390x", S390X_NO_INS, "full-iso", noIns)), Map.of()).awaitReady());
    }

    @Test
    void pxeInitrdIsTheIsosInitrdThenTheIgnitionArchiveThenTheRamdisk() {
        String id = image(1);

        Response response = get("images/" + id + "/pxe-initrd?version=4.17");

        assertEquals(200, response.getStatus());
        byte[] body = bytes(response);
        assertEquals(Integer.toString(body.length), declaredLength(response));
        assertEquals("attachment; filename=" + id + "-initrd.img", response.getHeaderString("Content-Disposition"));
        assertEquals("application/octet-stream", response.getHeaderString("Content-Type"));
        assertEquals("bytes", response.getHeaderString("Accept-Ranges"));
        assertArrayEquals(TestIsos.pattern("initrd.img", 0, INITRD_BYTES), Arrays.copyOf(body, INITRD_BYTES));
        assertEquals((byte) 0x1f, body[INITRD_BYTES], "the ignition archive is gzip");
        assertEquals((byte) 0x8b, body[INITRD_BYTES + 1]);
        assertArrayEquals(RAMDISK, Arrays.copyOfRange(body, body.length - RAMDISK.length, body.length));
    }

    @Test
    void pxeInitrdHeadRangeAndArchWork() {
        String id = image(2);
        byte[] full = bytes(get("images/" + id + "/pxe-initrd?version=4.17"));

        Response head = head("images/" + id + "/pxe-initrd?version=4.17");
        Response range = get("images/" + id + "/pxe-initrd?version=4.17", "Range", "bytes=16380-16389");
        Response s390x = get("images/" + id + "/pxe-initrd?version=4.17&arch=s390x");

        assertEquals(200, head.getStatus());
        assertEquals(0, bytes(head).length);
        assertEquals(Integer.toString(full.length), declaredLength(head));
        assertEquals(206, range.getStatus());
        assertEquals("bytes 16380-16389/" + full.length, range.getHeaderString("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(full, 16380, 16390), bytes(range));
        assertEquals(200, s390x.getStatus());
        assertEquals(full.length, bytes(s390x).length, "same initrd, ignition and ramdisk sizes");
    }

    @Test
    void addrsizeIsTheIsosLoadAddressAndTheS390xInitrdLength() {
        String id = image(3);
        long initrdLength = bytes(get("images/" + id + "/pxe-initrd?version=4.17&arch=s390x")).length;

        Response response = get("images/" + id + "/s390x-initrd-addrsize?version=4.17&arch=x86_64");

        assertEquals(200, response.getStatus());
        byte[] expected = ByteBuffer.allocate(16).put(TestIsos.S390X_INITRD_ADDRESS).putLong(initrdLength).array();
        assertArrayEquals(expected, bytes(response));
        assertEquals("16", declaredLength(response));
        assertEquals("attachment; filename=" + id + "-initrd.addrsize",
                response.getHeaderString("Content-Disposition"));
        Response head = head("images/" + id + "/s390x-initrd-addrsize?version=4.17");
        assertEquals(200, head.getStatus());
        assertEquals("16", declaredLength(head));
    }

    @Test
    void pxeErrorsHaveUpstreamsStatusesAndTexts() {
        String id = image(4);

        assertText(get("images/" + id + "/pxe-initrd"), 400, "'version' parameter required for initrd download\n");
        assertText(get("images/" + id + "/pxe-initrd?version=4.99"), 400, "version for 4.99 x86_64, not found \n");
        assertText(get("images/" + id + "/pxe-initrd?version=4.17&arch=aarch64"), 400,
                "version for 4.17 aarch64, not found \n");
        assertText(get("images/" + id + "/s390x-initrd-addrsize"), 400,
                "'version' parameter required for initrd download\n");
        assertText(get("images/ABCDEF01-2345-4678-9ABC-DEF012345678/pxe-initrd?version=4.17"), 404, PAGE_NOT_FOUND);
        assertText(get("images/" + id + "/pxe-initrd/?version=4.17"), 404, PAGE_NOT_FOUND);
        assertEquals(405, send("POST", "images/" + id + "/pxe-initrd?version=4.17").getStatus());
    }

    @Test
    void pxeAssistedServiceFailuresNameTheRedactedCall() {
        String denied = image(5);
        assisted().image(denied).ignitionStatus(401);
        String unavailable = image(6);
        assisted().image(unavailable).ramdiskStatus(503);
        String prefix = "http://" + assisted().hostAndPort() + FakeAssistedService.INFRA_ENVS_PATH;

        assertText(get("images/" + denied + "/pxe-initrd?version=4.17&api_key=s3cret"), 401,
                "error retrieving ignition content: ignition request to " + prefix + denied
                        + "/downloads/files?api_key=REDACTED&file_name=discovery.ign returned status 401\n");
        assertText(get("images/" + unavailable + "/s390x-initrd-addrsize?version=4.17&api_key=s3cret"), 503,
                "error retrieving ramdisk content: request to " + prefix + unavailable
                        + "/downloads/minimal-initrd?api_key=REDACTED returned status 503\n");
    }

    @Test
    void bootArtifactsAreTheIsosFilesWithDownloadHeaders() {
        for (String[] artifact : new String[][] {{"rootfs", "rootfs.img", "" + ROOTFS_BYTES},
            {"kernel", "vmlinuz", "" + KERNEL_BYTES}}) {
            Response response = get("boot-artifacts/" + artifact[0] + "?version=4.17");
            int size = Integer.parseInt(artifact[2]);
            assertEquals(200, response.getStatus(), artifact[0]);
            assertArrayEquals(TestIsos.pattern(artifact[1], 0, size), bytes(response), artifact[0]);
            assertEquals(artifact[2], declaredLength(response));
            assertEquals("attachment; filename=" + artifact[1], response.getHeaderString("Content-Disposition"));
            assertEquals("application/octet-stream", response.getHeaderString("Content-Type"));
            assertEquals("bytes", response.getHeaderString("Accept-Ranges"));
            assertTrue(response.getHeaderString("Last-Modified").endsWith(" GMT"));
        }
        Response byRhcosVersion = get("boot-artifacts/rootfs?version=" + X86 + "&arch=x86_64");
        assertArrayEquals(TestIsos.pattern("rootfs.img", 0, ROOTFS_BYTES), bytes(byRhcosVersion));
    }

    @Test
    void s390xServesKernelImgAsVmlinuzAndTheInsFileAsText() {
        Response kernel = get("boot-artifacts/kernel?version=4.17&arch=s390x");
        Response ins = get("boot-artifacts/ins-file?version=4.17&arch=s390x");

        assertEquals(200, kernel.getStatus());
        assertArrayEquals(TestIsos.pattern("kernel.img", 0, 8 * 1024), bytes(kernel));
        assertEquals("attachment; filename=vmlinuz", kernel.getHeaderString("Content-Disposition"));
        assertEquals(200, ins.getStatus());
        assertEquals(GENERIC_INS, text(ins));
        assertEquals("attachment; filename=generic.ins", ins.getHeaderString("Content-Disposition"));
        assertEquals(PLAIN_UTF8, ins.getHeaderString("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
    }

    @Test
    void bootArtifactRangesHeadAndConditionalRequests() {
        Response partial = get("boot-artifacts/rootfs?version=4.17", "Range", "bytes=100-70000");
        Response head = head("boot-artifacts/kernel?version=4.17");
        String lastModified = get("boot-artifacts/kernel?version=4.17").getHeaderString("Last-Modified");
        Response notModified = get("boot-artifacts/kernel?version=4.17", "If-Modified-Since", lastModified);
        Response unsatisfiable = get("boot-artifacts/kernel?version=4.17", "Range", "bytes=" + KERNEL_BYTES + "-");

        assertEquals(206, partial.getStatus());
        assertEquals("bytes 100-70000/" + ROOTFS_BYTES, partial.getHeaderString("Content-Range"));
        assertArrayEquals(TestIsos.pattern("rootfs.img", 100, 69_901), bytes(partial));
        assertEquals(200, head.getStatus());
        assertEquals(Integer.toString(KERNEL_BYTES), declaredLength(head));
        assertEquals("attachment; filename=vmlinuz", head.getHeaderString("Content-Disposition"));
        assertEquals(0, bytes(head).length);
        assertEquals(304, notModified.getStatus());
        assertEquals(0, bytes(notModified).length);
        assertEquals(416, unsatisfiable.getStatus());
        assertEquals("bytes */" + KERNEL_BYTES, unsatisfiable.getHeaderString("Content-Range"));
    }

    @Test
    void everyBootArtifactErrorHasItsStatusAndText() {
        String query = "Failed to parse query parameters: ";
        String artifact = "Failed to parse artifact: ";
        assertText(get("boot-artifacts/rootfs"), 400, query + "'version' parameter required\n");
        assertText(get("boot-artifacts/"), 400, query + "'version' parameter required\n");
        assertText(get("boot-artifacts/rootfs?version=4.99"), 400, query + "version for 4.99 x86_64, not found\n");
        assertText(get("boot-artifacts/rootfs?version=4.17&arch=aarch64"), 400,
                query + "version for 4.17 aarch64, not found\n");
        assertText(get("boot-artifacts/?version=4.17"), 404, artifact + "malformed download path: /boot-artifacts/\n");
        assertText(get("boot-artifacts/asdf?version=4.17"), 404,
                artifact + "malformed download path: /boot-artifacts/asdf\n");
        assertText(get("boot-artifacts/wrong-path/rootfs?version=4.17"), 404,
                artifact + "malformed download path: /boot-artifacts/wrong-path/rootfs\n");
        assertText(get("boot-artifacts/ins-file?version=4.17"), 404,
                artifact + "ins-file is only available for the s390x architecture. Current arch: x86_64\n");
        assertText(get("boot-artifacts/ins-file?version=4.16&arch=s390x"), 500,
                "Error creating file reader stream: /generic.ins not found in rhcos-full-iso-" + S390X_NO_INS
                        + "-s390x.iso\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    void otherMethodsOnBootArtifactsAre405WithAllowAndAnEmptyBody(String method) {
        Response response = send(method, "boot-artifacts/rootfs?version=4.17");

        assertEquals(405, response.getStatus());
        assertEquals("GET, HEAD", response.getHeaderString("Allow"));
        assertEquals("", text(response));
        assertNull(response.getHeaderString("X-Content-Type-Options"));
    }

    /** A lower-case UUID of this class whose minimal-initrd answer is {@link #RAMDISK}. */
    private static String image(int n) {
        String id = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", 200 + n);
        assisted().image(id).ramdisk(RAMDISK);
        return id;
    }
}
