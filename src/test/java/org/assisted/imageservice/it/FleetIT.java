package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instances laid out as in the container image (DockerLayoutTomcat), sharing nothing behind nginx, and two
 * instances sharing one DATA_DIR. Ports: {@code it.fleet.port} and the four after it.
 */
class FleetIT {
    private static final String IMAGE_ID = "0d9e2f7a-5b8c-4e3f-9a1b-2c3d4e5f6a7b";
    private static final String VERSION = "418.94.202501221327-0";
    private static final String ISO_PATH = "images/" + IMAGE_ID + "?version=4.17&type=full-iso";
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final long INTERRUPT_AFTER_BYTES = 1_234_567;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int PORT = Integer.getInteger("it.fleet.port", 28090);
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path baseIso;

    @BeforeAll
    static void prepare() throws Exception {
        work = Deployments.workDir("fleet");
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(3 << 20)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}")
                .ignitionLastModified("Fri, 22 Apr 2022 18:11:09 GMT");
    }

    @AfterAll
    static void stop() {
        assisted.close();
    }

    @Test
    void balancedDownloadsAreIdenticalAndAnInterruptedDownloadResumesOnTheOtherInstance() throws Exception {
        String imageUrl = baseIso.toUri().toString();
        try (DockerLayoutTomcat a = DockerLayoutTomcat.start(dir("a"), PORT, config(dir("a-data"), imageUrl));
             DockerLayoutTomcat b = DockerLayoutTomcat.start(dir("b"), PORT + 1, config(dir("b-data"), imageUrl));
             NginxBalancer nginx = NginxBalancer.start(dir("nginx"), PORT + 2, List.of(PORT, PORT + 1))) {
            awaitHealthy(a);
            awaitHealthy(b);
            String fromA = sha256(download(a.uri(ISO_PATH), work.resolve("a.iso")));
            String fromB = sha256(download(b.uri(ISO_PATH), work.resolve("b.iso")));
            String balanced1 = sha256(download(nginx.uri(ISO_PATH), work.resolve("lb1.iso")));
            String balanced2 = sha256(download(nginx.uri(ISO_PATH), work.resolve("lb2.iso")));
            assertEquals(fromA, fromB);
            assertEquals(fromA, balanced1);
            assertEquals(fromA, balanced2);
            assertEquals(Set.of("127.0.0.1:" + PORT, "127.0.0.1:" + (PORT + 1)), Set.copyOf(nginx.upstreams()),
                    "round robin used both instances");

            Path resumed = work.resolve("resumed.iso");
            readPrefix(a.uri(ISO_PATH), resumed, INTERRUPT_AFTER_BYTES);
            HttpResponse<InputStream> rest = HTTP.send(HttpRequest.newBuilder(b.uri(ISO_PATH))
                    .header("Range", "bytes=" + INTERRUPT_AFTER_BYTES + "-").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(206, rest.statusCode());
            long size = Files.size(baseIso);
            assertEquals("bytes " + INTERRUPT_AFTER_BYTES + "-" + (size - 1) + "/" + size,
                    rest.headers().firstValue("Content-Range").orElseThrow());
            try (InputStream in = rest.body(); OutputStream out = Files.newOutputStream(resumed, StandardOpenOption.APPEND)) {
                in.transferTo(out);
            }
            assertEquals(fromA, sha256(resumed));
            assertEquals(size, Files.size(resumed));
            assertTrue(ignition(resumed).contains("\"version\":\"3.2.0\""), "the resumed ISO carries the ignition");
        }
    }

    @Test
    void twoInstancesSharingADataDirDownloadEachImageOnce() throws Exception {
        Path data = dir("shared-data");
        try (IsoMirror mirror = IsoMirror.holdingAfter(baseIso, 1 << 20)) {
            Map<String, String> config = config(data, mirror.url().toString());
            try (DockerLayoutTomcat c = DockerLayoutTomcat.start(dir("c"), PORT + 3, config);
                 DockerLayoutTomcat d = DockerLayoutTomcat.start(dir("d"), PORT + 4, config)) {
                // Hold the first download until the other instance is provably waiting for it.
                await(() -> mirror.requests() >= 1 && (waiting(c) || waiting(d)), "one instance waits for the other");
                mirror.release();
                awaitHealthy(c);
                awaitHealthy(d);
                assertEquals(1, mirror.requests(), "the image was downloaded once");
                String stored = "rhcos-full-iso-" + VERSION + "-x86_64.iso";
                assertEquals(Set.of(stored, stored + ".lock", ".assisted-image-service"), names(data), "the image, its lock, the leases");
                assertEquals(sha256(baseIso), sha256(data.resolve(stored)));
                assertEquals(sha256(download(c.uri(ISO_PATH), work.resolve("c.iso"))),
                        sha256(download(d.uri(ISO_PATH), work.resolve("d.iso"))));
            }
        }
    }

    private static boolean waiting(DockerLayoutTomcat tomcat) {
        return tomcat.console().contains("Waiting for another process that holds");
    }

    private static Map<String, String> config(Path data, String imageUrl) throws IOException {
        return Map.of(
                "DATA_DIR", data.toString(),
                "DATA_TEMP_DIR", Files.createDirectories(data.resolveSibling(data.getFileName() + "-tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + imageUrl + "\",\"version\":\"" + VERSION + "\"}]");
    }

    private static Path dir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    private static void awaitHealthy(DockerLayoutTomcat tomcat) throws Exception {
        await(() -> {
            try {
                return tomcat.status(HTTP, "health") == 200;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, "instance on port " + tomcat.port() + " ready; console:\n" + tomcat.console());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static Path download(URI uri, Path target) throws Exception {
        HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofFile(target));
        assertEquals(200, response.statusCode(), uri.toString());
        return target;
    }

    /** Reads the first {@code bytes} of the response into {@code target}, then drops the connection. */
    private static void readPrefix(URI uri, Path target, long bytes) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
            byte[] prefix = in.readNBytes((int) bytes);
            assertEquals(bytes, prefix.length);
            out.write(prefix);
        }
    }

    private static String ignition(Path iso) throws IOException {
        Path img = work.resolve("resumed-ignition.img");
        Files.deleteIfExists(img);
        return ExternalTools.output(List.of("sh", "-c",
                "xorriso -osirrox on -indev " + iso + " -extract /images/ignition.img "
                + img + " >/dev/null 2>&1 && gzip -dc < " + img + " 2>/dev/null | cpio -i --to-stdout config.ign"));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
