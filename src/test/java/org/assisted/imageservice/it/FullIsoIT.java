package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FullIsoIT {

    private static final String IMAGE_ID = "2b5ab2b2-4c8a-4a3b-9c07-3f5c2a0e1d11";
    private static final String VERSION = "418.94.202501221327-0";
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path baseIso;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("full-iso");
        // OpenShift 4.18 needs nmstatectl at start-up: the rootfs must be real
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).file("images/pxeboot/rootfs.img", PxeFixtures.rootfs(work, true))
                .build(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}")
                .ignitionLastModified("Fri, 22 Apr 2022 18:11:09 GMT");
        Path data = Files.createDirectories(work.resolve("data"));
        return Deployments.war("fulliso", Map.of(
                "DATA_DIR", data.toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "MIN_ROOTFS_SIZE", "4096",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.18\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + baseIso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    @AfterAll
    static void stopAssisted() {
        assisted.close();
    }

    @Test
    void servesCustomizedFullIso() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        waitForHealth(http);
        Path out = work.resolve("served.iso");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "images/" + IMAGE_ID + "?version=4.18&type=full-iso")).build(),
                HttpResponse.BodyHandlers.ofFile(out));
        assertEquals(200, response.statusCode());
        assertEquals(Files.size(baseIso), Files.size(out));
        assertEquals("attachment; filename=" + IMAGE_ID + "-discovery.iso",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("Fri, 22 Apr 2022 18:11:09 GMT", response.headers().firstValue("Last-Modified").orElseThrow());
        String listing = TestIsos.run(List.of("sh", "-c", "xorriso -osirrox on -indev " + out
                + " -extract /images/ignition.img " + work.resolve("ign.img") + " >/dev/null 2>&1 && "
                + "gzip -dc < " + work.resolve("ign.img") + " 2>/dev/null | cpio -i --to-stdout config.ign"));
        assertTrue(listing.contains("\"version\":\"3.2.0\""), listing);
    }

    private void waitForHealth(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int status = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("service did not become ready");
    }
}
