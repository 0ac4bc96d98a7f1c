package org.assisted.imageservice.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.assisted.imageservice.api.InMemoryResourceTest;
import org.assisted.imageservice.api.InMemoryService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with one image ready (4.17) and one that can never be stored (4.16, its file is missing), as IsoServingIT
 * and PxeInitrdIT see it: routes of the missing image answer 503 with an empty body and never call
 * assisted-service, the ready image is served, and paths under the image prefixes that match no route answer 503
 * (readiness comes before routing), while other paths keep their 404.
 */
class NotReadyRoutesTest extends InMemoryResourceTest {

    private static final String READY = "418.94.202501221327-0";
    private static final String MISSING = "419.96.202502011200-0";
    private static final String ID = "0a0b0c0d-0000-4000-8000-000000000401";

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Path iso = TestIsos.x86_64("rhcos-" + READY).writeTo(src.resolve("ready.iso"));
        started(InMemoryService.start(work, List.of(
                InMemoryService.image("4.17", "x86_64", READY, "full-iso", iso),
                InMemoryService.image("4.16", "x86_64", MISSING, "full-iso", src.resolve("missing.iso"))),
                Map.of()).awaitReady(READY + "/x86_64/full-iso"));
        assisted().image(ID);
    }

    @Test
    void healthIs503AndNamesTheImageThatIsNotStored() throws Exception {
        Response response = get("health");

        assertEquals(503, response.getStatus());
        JsonNode images = new ObjectMapper().readTree(text(response)).get("images");
        assertEquals("ready", images.get(0).get("state").asText());
        assertEquals(MISSING + "/x86_64/full-iso", images.get(1).get("name").asText());
        assertTrue(Set.of("pending", "downloading", "failed").contains(images.get(1).get("state").asText()),
                images.toString());
        assertEquals(503, head("health").getStatus());
        assertEquals(200, get("live").getStatus());
    }

    @Test
    void routesOfTheMissingImageAre503WithAnEmptyBodyAndAskNothing() {
        int calls = assisted().requests().size();

        List<Response> responses = List.of(get("images/" + ID + "?version=4.16&type=full-iso"),
                head("images/" + ID + "?version=4.16&type=full-iso"),
                get("byid/" + ID + "/4.16/x86_64/full.iso"),
                get("images/" + ID + "/pxe-initrd?version=4.16"),
                get("boot-artifacts/rootfs?version=4.16"));

        for (Response response : responses) {
            assertEmpty(response, 503);
        }
        assertEquals("30", responses.get(0).getHeaderString("Retry-After"));
        assertEquals(calls, assisted().requests().size(), "no assisted-service call for an image not stored");
    }

    @Test
    void theReadyImageIsServedMeanwhile() {
        Response response = get("images/" + ID + "?version=4.17&type=full-iso");

        assertEquals(200, response.getStatus());
        assertEquals(declaredLength(response), Integer.toString(bytes(response).length));
    }

    @Test
    void unmatchedPathsUnderTheImagePrefixesAre503AndOthers404() {
        assertEmpty(get("images/" + ID.toUpperCase(Locale.ROOT) + "?version=4.17&type=full-iso"), 503);
        assertEmpty(get("images/" + ID.toUpperCase(Locale.ROOT) + "/pxe-initrd?version=4.17"), 503);
        assertEmpty(get("byid/" + ID + "/4.17/x86_64/full.iso/"), 503);
        assertText(get("nothing/here"), 404, PAGE_NOT_FOUND);
    }
}
