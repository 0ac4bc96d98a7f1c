package org.assisted.imageservice.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.assisted.imageservice.api.InMemoryResourceTest;
import org.assisted.imageservice.api.InMemoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health}, {@code /live} and {@code /metrics} in memory once every image is stored. The HTTP request series
 * of {@code /metrics} come from a servlet filter and are proven by IsoServingIT and MalformedRequestsIT; here the
 * exposition carries what the application itself records (image states, assisted-service calls).
 */
class ProbeRoutesTest extends InMemoryResourceTest {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String IMAGE = VERSION + "/x86_64/full-iso";

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        started(InMemoryService.withX86Iso(work, VERSION));
    }

    @Test
    void healthIs200WithAJsonReportPerImage() throws Exception {
        Response response = get("health");

        assertEquals(200, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        JsonNode report = new ObjectMapper().readTree(text(response));
        assertTrue(report.get("ready").asBoolean(), report.toString());
        assertEquals(1, report.get("images").size(), report.toString());
        assertEquals(IMAGE, report.get("images").get(0).get("name").asText());
        assertEquals("ready", report.get("images").get(0).get("state").asText());
    }

    @Test
    void healthHeadIs200WithoutABody() {
        Response response = head("health");

        assertEquals(200, response.getStatus());
        assertEquals("", text(response));
    }

    @Test
    void liveIs200WithAnEmptyBodyForGetAndHead() {
        for (Response response : List.of(get("live"), head("live"))) {
            assertEquals(200, response.getStatus());
            assertEquals("", text(response));
        }
        assertEquals(405, send("POST", "live").getStatus());
    }

    @Test
    void metricsAreThePrometheusTextOfTheApplicationsRegistry() {
        String id = "00000000-0000-4000-8000-000000000301";
        assisted().image(id);
        assertEquals(200, get("images/" + id + "?version=4.17&type=full-iso").getStatus());

        Response response = get("metrics");
        Response head = head("metrics");

        assertEquals(200, response.getStatus());
        assertTrue(response.getMediaType().isCompatible(MediaType.TEXT_PLAIN_TYPE), response.getMediaType().toString());
        assertEquals(Map.of("version", "0.0.4", "charset", "utf-8"), response.getMediaType().getParameters());
        String metrics = text(response);
        assertTrue(metrics.contains("assisted_image_service_image_state{image=\"" + IMAGE + "\",state=\"ready\"} 1.0\n"),
                metrics);
        assertTrue(Pattern.compile("assisted_image_service_assisted_service_call_duration_seconds_count\\{"
                + "call=\"ignition\",outcome=\"success\"} [1-9]").matcher(metrics).find(), metrics);
        assertTrue(metrics.contains("# TYPE jvm_memory_used_bytes gauge"), "runtime metrics are bound");
        assertEquals(200, head.getStatus());
        assertEquals("", text(head));
    }

    @Test
    void unknownPathsOutsideTheImagePrefixesAreThePageNotFound() {
        assertText(get("nothing/here"), 404, PAGE_NOT_FOUND);
        assertText(get("images"), 404, PAGE_NOT_FOUND);
    }
}
