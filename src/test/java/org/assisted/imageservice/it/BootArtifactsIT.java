package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.assisted.imageservice.it.ItImages.Entry;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /boot-artifacts/{artifact}} in Tomcat (docs/upstream-behaviour.md#boot-artifacts-route): bytes against
 * xorriso, headers, statuses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BootArtifactsIT {

    static final String RHCOS_X86 = "417.94.202410090854-0";
    static final String RHCOS_S390X = "415.92.202403212258-0";
    static final String RHCOS_S390X_NO_INS = "416.94.202406251923-0";

    static Path work;
    static Path data;
    static Path isoX86;
    static Path isoS390x;

    @ArquillianResource
    URL base;

    private PxeHttp http;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("boot-artifacts");
        Path src = Files.createDirectories(work.resolve("src"));
        isoX86 = TestIsos.x86_64("rhcos-" + RHCOS_X86).rootfsSize(300_000).kernelSize(70_001).buildWithXorriso(src);
        isoS390x = TestIsos.s390x("rhcos-" + RHCOS_S390X).buildWithXorriso(src);
        Path noIns = TestIsos.s390x("rhcos-" + RHCOS_S390X_NO_INS).without("generic.ins").buildWithXorriso(src);
        data = Files.createDirectories(work.resolve("data"));
        return Deployments.war("artifacts", Map.of(
                "DATA_DIR", data.toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", "127.0.0.1:9",
                "MIN_ROOTFS_SIZE", "4096",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", ItImages.osImages(List.of(Entry.full("4.17", "x86_64", RHCOS_X86, isoX86),
                        Entry.full("4.15", "s390x", RHCOS_S390X, isoS390x),
                        Entry.full("4.16", "s390x", RHCOS_S390X_NO_INS, noIns)))));
    }

    @BeforeEach
    void awaitReady() throws Exception {
        http = new PxeHttp(base);
        http.awaitImages(List.of(RHCOS_X86 + "/x86_64/full-iso", RHCOS_S390X + "/s390x/full-iso",
                RHCOS_S390X_NO_INS + "/s390x/full-iso"), null);
    }

    @Test
    void artifactsAreByteEqualToXorrisosExtractionWithUpstreamHeaders() throws Exception {
        Path stored = data.resolve("rhcos-full-iso-" + RHCOS_X86 + "-x86_64.iso");
        String lastModified = ItChecks.IMF_FIXDATE.format(Files.getLastModifiedTime(stored).toInstant());
        for (String[] artifact : new String[][] {{"rootfs", "/images/pxeboot/rootfs.img", "rootfs.img"},
                {"kernel", "/images/pxeboot/vmlinuz", "vmlinuz"}}) {
            HttpResponse<byte[]> response = http.get("boot-artifacts/" + artifact[0] + "?version=4.17");
            assertEquals(200, response.statusCode());
            assertArrayEquals(PxeChecks.extract(work, isoX86, artifact[1]), response.body(), artifact[0]);
            assertEquals("attachment; filename=" + artifact[2], header(response, "Content-Disposition"));
            assertEquals(String.valueOf(response.body().length), header(response, "Content-Length"));
            assertEquals("application/octet-stream", header(response, "Content-Type"));
            assertEquals(lastModified, header(response, "Last-Modified"));
        }
        HttpResponse<byte[]> byRhcosVersion = http.get("boot-artifacts/rootfs?version=" + RHCOS_X86 + "&arch=x86_64");
        assertArrayEquals(PxeChecks.extract(work, isoX86, "/images/pxeboot/rootfs.img"), byRhcosVersion.body());
    }

    @Test
    void s390xServesKernelImgAsVmlinuzAndTheInsFileFromTheIsoRoot() throws Exception {
        HttpResponse<byte[]> kernel = http.get("boot-artifacts/kernel?version=4.15&arch=s390x");
        assertEquals(200, kernel.statusCode());
        assertArrayEquals(PxeChecks.extract(work, isoS390x, "/images/pxeboot/kernel.img"), kernel.body());
        assertEquals("attachment; filename=vmlinuz", header(kernel, "Content-Disposition"));

        HttpResponse<byte[]> ins = http.get("boot-artifacts/ins-file?version=4.15&arch=s390x");
        assertEquals(200, ins.statusCode());
        assertArrayEquals(PxeChecks.extract(work, isoS390x, "/generic.ins"), ins.body());
        assertTrue(new String(ins.body(), StandardCharsets.US_ASCII).contains("images/initrd.addrsize 0x00010408"));
        assertEquals("attachment; filename=generic.ins", header(ins, "Content-Disposition"));
        assertEquals("text/plain;charset=utf-8", header(ins, "Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
    }

    @Test
    void rangeHeadAndConditionalRequestsFollowServeContent() throws Exception {
        byte[] rootfs = PxeChecks.extract(work, isoX86, "/images/pxeboot/rootfs.img");
        HttpResponse<byte[]> partial = http.send(http.request("boot-artifacts/rootfs?version=4.17")
                .header("Range", "bytes=100-70000").build());
        assertEquals(206, partial.statusCode());
        assertEquals("bytes 100-70000/" + rootfs.length, header(partial, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(rootfs, 100, 70_001), partial.body());

        HttpResponse<byte[]> head = http.send(http.request("boot-artifacts/kernel?version=4.17")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("70001", header(head, "Content-Length"));
        assertEquals("attachment; filename=vmlinuz", header(head, "Content-Disposition"));
        assertEquals(0, head.body().length);

        String lastModified = header(http.get("boot-artifacts/kernel?version=4.17"), "Last-Modified");
        HttpResponse<byte[]> notModified = http.send(http.request("boot-artifacts/kernel?version=4.17")
                .header("If-Modified-Since", lastModified).build());
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
    }

    @Test
    void everyErrorOfTheSpecHasItsStatusAndText() throws Exception {
        PxeChecks.assertText(http.get("boot-artifacts/rootfs"), 400,
                "Failed to parse query parameters: 'version' parameter required\n");
        PxeChecks.assertText(http.get("boot-artifacts/"), 400,
                "Failed to parse query parameters: 'version' parameter required\n");
        PxeChecks.assertText(http.get("boot-artifacts/rootfs?version=4.99"), 400,
                "Failed to parse query parameters: version for 4.99 x86_64, not found\n");
        PxeChecks.assertText(http.get("boot-artifacts/rootfs?version=4.17&arch=s390x"), 400,
                "Failed to parse query parameters: version for 4.17 s390x, not found\n");
        PxeChecks.assertText(http.get("boot-artifacts/?version=4.17"), 404,
                "Failed to parse artifact: malformed download path: /boot-artifacts/\n");
        PxeChecks.assertText(http.get("boot-artifacts/asdf?version=4.17"), 404,
                "Failed to parse artifact: malformed download path: /boot-artifacts/asdf\n");
        PxeChecks.assertText(http.get("boot-artifacts/wrong-path/rootfs?version=4.17"), 404,
                "Failed to parse artifact: malformed download path: /boot-artifacts/wrong-path/rootfs\n");
        PxeChecks.assertText(http.get("boot-artifacts/ins-file?version=4.17"), 404,
                "Failed to parse artifact: ins-file is only available for the s390x architecture. "
                        + "Current arch: x86_64\n");
        HttpResponse<byte[]> missing = http.get("boot-artifacts/ins-file?version=4.16&arch=s390x");
        assertEquals(500, missing.statusCode());
        assertTrue(new String(missing.body(), StandardCharsets.UTF_8).startsWith(
                "Error creating file reader stream: /generic.ins not found in "), new String(missing.body()));
    }

    @Test
    void otherMethodsGet405WithAnAllowHeaderAndAnEmptyBody() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            HttpResponse<byte[]> response = http.send(http.request("boot-artifacts/rootfs?version=4.17")
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", header(response, "Allow"), method);
            assertEquals(0, response.body().length, method);
        }
    }

    @Test
    void metricsLabelKnownArtifactsByPathAndEverythingElseWithOneLabel() throws Exception {
        http.get("boot-artifacts/rootfs?version=4.17");
        http.get("boot-artifacts/no-such-artifact-" + System.nanoTime() + "?version=4.17");
        String metrics = new String(http.get("metrics").body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("handler=\"/boot-artifacts/rootfs\""), metrics);
        assertTrue(metrics.contains("handler=\"/boot-artifacts/:artifact\""), metrics);
        assertFalse(metrics.contains("no-such-artifact"), metrics);
    }

    private static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
    }
}
