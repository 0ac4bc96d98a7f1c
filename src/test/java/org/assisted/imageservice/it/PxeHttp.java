package org.assisted.imageservice.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The PXE and boot-artifact integration tests' client: their requests as built, the responses as received. */
final class PxeHttp {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient client = HttpClient.newHttpClient();
    private final URL base;

    /** @param base the deployment's root URL, ending with {@code /} */
    PxeHttp(URL base) {
        this.base = base;
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path).build());
    }

    /** A request for {@code path}, relative to the deployment root. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Waits until every image in {@code ready} is ready and {@code failing} (if not null) has failed once.
     */
    void awaitImages(List<String> ready, String failing) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> health = get("health");
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
            if (!PxeChecks.imageHealth(json, name).get("state").asText().equals("ready")) {
                return false;
            }
        }
        return failing == null || PxeChecks.imageHealth(json, failing).get("state").asText().equals("failed");
    }
}
