package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies written past Jersey to Tomcat's {@code ServletOutputStream.write(ByteBuffer)} are the
 * same bytes as the base ISO outside the overlays, for a full response, one range and several ranges;
 * and ASSISTED_SERVICE_CACHE_SECONDS reuses assisted-service's answers only for the same credential.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DownloadPathsIT {

    private static final String IMAGE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String VERSION = "418.94.202501221327-0";
    private static FakeAssistedService assisted;
    private static Path baseIso;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("download-paths");
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(3 << 20)
                .build(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        return Deployments.war("downloadpaths", Map.of(
                "DATA_DIR", Files.createDirectories(work.resolve("data")).toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "ASSISTED_SERVICE_CACHE_SECONDS", "60",
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + baseIso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    @AfterAll
    static void stopAssisted() {
        assisted.close();
    }

    @Test
    void rangesAreSlicesOfTheFullBodyAndTheFullBodyIsTheBaseOutsideTheIgnitionArea() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        waitForHealth(http);
        byte[] full = get(http, "key-a", null, 200);
        byte[] original = Files.readAllBytes(baseIso);
        assertEquals(original.length, full.length);
        int differing = (int) java.util.stream.IntStream.range(0, full.length).filter(i -> full[i] != original[i]).count();
        assertTrue(differing > 0 && differing <= 256 * 1024 + 2 * 4096, differing + " bytes differ from the base");

        int middle = full.length / 2;
        assertArrayEquals(Arrays.copyOfRange(full, middle, middle + 300_001),
                get(http, "key-a", "bytes=" + middle + "-" + (middle + 300_000), 206));
        byte[] multipart = get(http, "key-a", "bytes=0-9,100000-100009", 206);
        String text = new String(multipart, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(new String(Arrays.copyOfRange(full, 100_000, 100_010), StandardCharsets.ISO_8859_1)),
                "second part carries bytes 100000-100009");
    }

    @Test
    void reusesAssistedServiceAnswersOnlyForTheSameCredential() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        waitForHealth(http);
        assisted.clearRequests();
        get(http, "key-b", "bytes=0-99", 206);
        get(http, "key-b", "bytes=100-199", 206);
        assertEquals(1, assisted.requests(Endpoint.IGNITION).size(), "second request reused the first's answers");
        get(http, "key-c", "bytes=0-99", 206);
        assertEquals(2, assisted.requests(Endpoint.IGNITION).size(), "another credential asks assisted-service");
    }

    private byte[] get(HttpClient http, String apiKey, String range, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "images/" + IMAGE_ID
                + "?version=4.17&type=full-iso&api_key=" + apiKey));
        if (range != null) {
            request.header("Range", range);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(status, response.statusCode());
        assertEquals(response.body().length, Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow()));
        return response.body();
    }

    private void waitForHealth(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int code = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("service did not become ready");
    }
}
