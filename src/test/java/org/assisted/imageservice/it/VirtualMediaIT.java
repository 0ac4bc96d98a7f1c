package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Virtual-media Range storms with the shipped configuration (ASSISTED_SERVICE_CACHE_SECONDS unset, 30 s): the
 * assisted-service answers of one image and credential are fetched once for concurrent Range requests and reused,
 * never for another credential, never past the token's {@code exp}, never when they were a failure; and QEMU, reading
 * a served ISO straight over HTTP with its curl block driver as a BMC would, boots it with a few calls whatever the
 * number of its Range requests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VirtualMediaIT {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"},\"virtual-media\":\"it\"}";
    private static final long WINDOW_SECONDS = 30;
    private static final int RANGE_BYTES = 64 * 1024;
    private static final int CONCURRENT = 24;
    private static final long BOOT_TIMEOUT_SECONDS = 240;
    private static final Pattern RANGE_RESPONSES = Pattern.compile(
            "(?m)^assisted_image_service_http_request_duration_seconds_count\\{[^}]*code=\"206\"[^}]*} (\\S+)$");

    @AutoClose
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path baseIso;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("virtual-media");
        baseIso = BootableBaseIso.build(Files.createDirectories(work.resolve("src")), "rhcos-" + VERSION);
        assisted = FakeAssistedService.start();
        assisted.answerEveryImage(image -> image.ignition(IGNITION));
        return Deployments.warAsShipped("virtualmedia", ItImages.parameters(work, assisted,
                List.of(ItImages.Entry.full("4.17", "x86_64", VERSION, baseIso))));
    }

    @Test
    void concurrentRangeReadsOfOneImageAndCredentialShareOneFetch() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(1);
        // slow answers keep every request waiting on the one fetch in flight
        assisted.image(id).ignition(IGNITION).delayAll(Duration.ofMillis(500));
        String path = "byid/" + id + "/4.17/x86_64/full.iso?api_key=key-1";
        long size = Files.size(baseIso);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            offsets.add((size - RANGE_BYTES) / CONCURRENT * i / 2048 * 2048);
        }
        List<Reply> replies = concurrently(offsets.stream().map(offset -> (Request) () -> http.get(path,
                "Range", "bytes=" + offset + "-" + (offset + RANGE_BYTES - 1))).toList());
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "one ignition call for all");
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.INFRA_ENV).size(), "one infra-env call for all");

        Reply full = http.get(path);
        assertEquals(200, full.status());
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "the full download reused it");
        for (int i = 0; i < CONCURRENT; i++) {
            int offset = Math.toIntExact(offsets.get(i));
            assertEquals(206, replies.get(i).status());
            assertArrayEquals(Arrays.copyOfRange(full.body(), offset, offset + RANGE_BYTES), replies.get(i).body());
        }
    }

    @Test
    void anotherCredentialOrNoneIsNeverAnsweredFromAnEntryItDidNotEarn() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(2);
        for (String query : List.of("?api_key=key-a", "?api_key=key-b", "?image_token=key-a", "")) {
            for (int i = 0; i < 2; i++) {
                assertEquals(206, http.get("images/" + id + (query.isEmpty() ? "?" : query + "&")
                        + "version=4.17&type=full-iso", "Range", "bytes=0-99").status());
            }
        }
        List<String> forwarded = ItChecks.calls(assisted, id, Endpoint.IGNITION).stream()
                .map(r -> r.queryParams().getOrDefault("api_key", "") + "/" + r.header("Image-Token").orElse(""))
                .toList();
        assertEquals(List.of("key-a/", "key-b/", "/key-a", "/"), forwarded, "one fetch per credential");
    }

    @Test
    void aFailedFetchIsNotReused() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(3);
        assisted.image(id).ignitionStatus(503);
        String path = "images/" + id + "?version=4.17&type=full-iso&api_key=key-1";
        assertEquals(503, http.get(path, "Range", "bytes=0-99").status());
        assertEquals(503, http.get(path, "Range", "bytes=0-99").status());
        assisted.image(id).ignitionStatus(200).ignition(IGNITION);
        assertEquals(206, http.get(path, "Range", "bytes=0-99").status());
        assertEquals(206, http.get(path, "Range", "bytes=100-199").status());
        assertEquals(3, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "two failures, then one success");
    }

    @Test
    void answersAreNotReusedPastTheExpOfTheirToken() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(4);
        long exp = Instant.now().getEpochSecond() + 3;
        String path = "byapikey/" + jwt(id, exp) + "/4.17/x86_64/full.iso";
        assertEquals(206, http.get(path, "Range", "bytes=0-99").status());
        assertEquals(206, http.get(path, "Range", "bytes=100-199").status());
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "reused before exp");
        Thread.sleep(Math.max(0, (exp + 1) * 1000 - System.currentTimeMillis()));
        assertEquals(206, http.get(path, "Range", "bytes=0-99").status(), "the stand-in accepts any token");
        assertEquals(2, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "fetched again after exp");

        String expiredId = ItImages.id(5);
        String expired = "byapikey/" + jwt(expiredId, Instant.now().getEpochSecond() - 60) + "/4.17/x86_64/full.iso";
        assertEquals(206, http.get(expired, "Range", "bytes=0-99").status());
        assertEquals(206, http.get(expired, "Range", "bytes=0-99").status());
        assertEquals(2, ItChecks.calls(assisted, expiredId, Endpoint.IGNITION).size(), "never kept once expired");
    }

    @Test
    void pxeInitrdRangeReadsShareOneFetch() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(6);
        assisted.image(id).ignition(IGNITION).ramdisk(new byte[4096]).delayAll(Duration.ofMillis(500));
        String path = "images/" + id + "/pxe-initrd?version=4.17&api_key=key-1";
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            long first = i * 1024L;
            requests.add(() -> http.get(path, "Range", "bytes=" + first + "-" + (first + 1023)));
        }
        for (Reply reply : concurrently(requests)) {
            assertEquals(206, reply.status());
        }
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.IGNITION).size());
        assertEquals(1, ItChecks.calls(assisted, id, Endpoint.MINIMAL_INITRD).size());
    }

    @Test
    void qemuBootsTheIsoOverHttpWithAFewCallsWhateverItsRangeRequests() throws Exception {
        ItHttp http = ItHttp.healthy(base);
        String id = ItImages.id(7);
        String url = base + "byapikey/" + jwt(id, Instant.now().getEpochSecond() + 3600) + "/4.17/x86_64/full.iso";
        double rangesBefore = rangeResponses();
        long started = System.nanoTime();
        String console = BootableBaseIso.bootOverHttp(url, work.resolve("console.log"), BOOT_TIMEOUT_SECONDS);
        long bootSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        int begin = console.indexOf(BootableBaseIso.BEGIN);
        assertTrue(begin >= 0 && console.indexOf(BootableBaseIso.END, begin) > 0, "the initramfs ran to the end:\n"
                + console + "\nqemu:\n" + Files.readString(work.resolve("qemu.log"), StandardCharsets.ISO_8859_1));
        assertTrue(console.substring(begin).contains(IGNITION), "the served ignition reached the initramfs");

        long ranges = Math.round(rangeResponses() - rangesBefore);
        int fetches = ItChecks.calls(assisted, id, Endpoint.IGNITION).size();
        int infraEnvCalls = ItChecks.calls(assisted, id, Endpoint.INFRA_ENV).size();
        String report = ranges + " Range requests, " + fetches + " ignition and " + infraEnvCalls
                + " infra-env calls in a boot of " + bootSeconds + " s";
        assertTrue(ranges >= 20, "QEMU read the ISO with Range requests: " + report);
        assertTrue(fetches >= 1 && fetches <= 1 + bootSeconds / WINDOW_SECONDS,
                "one fetch per reuse window, not per request: " + report);
        assertEquals(fetches, infraEnvCalls, report);
    }

    /** Responses 206 the service has finished so far, from its request metrics. */
    private double rangeResponses() throws Exception {
        Matcher matcher = RANGE_RESPONSES.matcher(new ItMetrics(base).scrape());
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    /** An unsigned JWT naming the InfraEnv and its expiry (the service never verifies the signature). */
    private static String jwt(String infraEnvId, long exp) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"sub\":\"" + infraEnvId + "\",\"exp\":" + exp + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private interface Request {
        Reply send() throws Exception;
    }

    private static List<Reply> concurrently(List<Request> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (Request request : requests) {
                futures.add(pool.submit(request::send));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
