package org.assisted.imageservice.it;

import static org.assisted.imageservice.it.ItImages.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.FakeAssistedService.RecordedRequest;
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
 * The long ISO URL on a real Tomcat against the real RHCOS/FCOS layouts: what ends up inside the served image,
 * read back with xorriso, gzip and cpio (docs/upstream-behaviour.md#iso-downloads, #ignition-embed-area and
 * #kernel-argument-embed-areas).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FullIsoIT {

    private static final String IMAGE_ID = "2b5ab2b2-4c8a-4a3b-9c07-3f5c2a0e1d11";
    private static final String VERSION = "418.94.202501221327-0";
    private static final String LEGACY_VERSION = "48.84.202109241901-0";
    private static final String LEGACY_2020_VERSION = "46.82.202012051820-0";
    private static final String LAST_MODIFIED = "Fri, 22 Apr 2022 18:11:09 GMT";
    private static final String KARGS_P1_P2 = "[{\"operation\":\"append\",\"value\":\"p1\"},"
            + "{\"operation\":\"append\",\"value\":\"p2\"}]";
    private static final String LETTER_ID = "abcdef01-2345-4678-9abc-def012345678";
    private static final String MARKER_LINE = " COREOS_KARG_EMBED_AREA";

    @AutoClose
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path x86Iso;
    private static Path baseIso;
    private static Path s390xIso;
    private static Path legacyIso;
    private static Path legacy2020Iso;

    @ArquillianResource
    private URL base;
    private ItHttp http;
    private IsoTools tools;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("full-iso");
        Path src = Files.createDirectories(work.resolve("src"));
        x86Iso = TestIsos.x86_64("rhcos-" + VERSION).buildWithXorriso(src);
        s390xIso = TestIsos.s390x("rhcos-418-s390x").buildWithXorriso(src);
        legacyIso = TestIsos.legacyWithMarkers("rhcos-" + LEGACY_VERSION)
                .file("images/ignition.img", TestIsos.pattern("old ignition", 0, TestIsos.IGNITION_AREA_BYTES))
                .buildWithXorriso(src);
        legacy2020Iso = TestIsos.legacy2020("rhcos-" + LEGACY_2020_VERSION).buildWithXorriso(src);
        baseIso = x86Iso;
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}")
                .ignitionLastModified(LAST_MODIFIED);
        return Deployments.war("fulliso", ItImages.parameters(work, assisted, List.of(
                ItImages.Entry.full("4.17", "x86_64", VERSION, x86Iso),
                ItImages.Entry.full("4.17", "s390x", VERSION, s390xIso),
                ItImages.Entry.full("4.8", "x86_64", LEGACY_VERSION, legacyIso),
                ItImages.Entry.full("4.6", "x86_64", LEGACY_2020_VERSION, legacy2020Iso))));
    }

    @BeforeEach
    void awaitReady() throws Exception {
        http = new ItHttp(base);
        tools = new IsoTools(Files.createDirectories(work.resolve("scratch")));
        http.awaitHealthy();
    }

    @Test
    void servesCustomizedFullIso() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        this.http.awaitHealthy();
        Path out = work.resolve("served.iso");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "images/" + IMAGE_ID + "?version=4.17&type=full-iso")).build(),
                HttpResponse.BodyHandlers.ofFile(out));
        assertEquals(200, response.statusCode());
        assertEquals(Files.size(baseIso), Files.size(out));
        assertEquals("attachment; filename=" + IMAGE_ID + "-discovery.iso",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("Fri, 22 Apr 2022 18:11:09 GMT", response.headers().firstValue("Last-Modified").orElseThrow());
        String listing = ExternalTools.output(List.of("sh", "-c", "xorriso -osirrox on -indev " + out
                + " -extract /images/ignition.img " + work.resolve("ign.img") + " >/dev/null 2>&1 && "
                + "gzip -dc < " + work.resolve("ign.img") + " 2>/dev/null | cpio -i --to-stdout config.ign"));
        assertTrue(listing.contains("\"version\":\"3.2.0\""), listing);
    }

    @Test
    void fullIsoCarriesIgnitionAndKernelArgumentsAndNothingElseChanges() throws Exception {
        String id = id(1);
        String ignition = "{\"ignition\":{\"version\":\"3.2.0\"},\"storage\":{\"files\":[]}}";
        assisted.image(id).ignition(ignition).ignitionLastModified(LAST_MODIFIED).kernelArguments(KARGS_P1_P2);

        Reply reply = http.get("images/" + id + "?version=4.17&type=full-iso");

        assertEquals(200, reply.status(), reply.text());
        assertEquals(Long.toString(Files.size(x86Iso)), reply.requireHeader("Content-Length"));
        assertEquals("bytes", reply.requireHeader("Accept-Ranges"));
        assertEquals("application/octet-stream", reply.requireHeader("Content-Type"));
        assertEquals("attachment; filename=" + id + "-discovery.iso", reply.requireHeader("Content-Disposition"));
        assertEquals(LAST_MODIFIED, reply.requireHeader("Last-Modified"));
        Path served = save(reply, "x86_64-kargs.iso");
        assertEquals(ignition, tools.ignitionConfig(tools.extract(served, "/images/ignition.img")));
        List<long[]> areas = new ArrayList<>();
        areas.add(new long[] {tools.offsetOf(x86Iso, "/images/ignition.img"), TestIsos.IGNITION_AREA_BYTES});
        for (String config : List.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg")) {
            String original = tools.extractText(x86Iso, config);
            assertEquals(withKargs(original, " p1 p2\n"), tools.extractText(served, config), config);
            areas.add(new long[] {tools.offsetOf(x86Iso, config) + kargsAreaIndex(original), kargsAreaLength()});
        }
        assertOnlyAreasDiffer(Files.readAllBytes(x86Iso), reply.body(), areas);

        RecordedRequest ignitionCall = ItChecks.single(assisted, id, Endpoint.IGNITION);
        assertEquals(Map.of("file_name", "discovery.ign", "discovery_iso_type", "full-iso"),
                ignitionCall.queryParams());
        assertEquals("/api/assisted-install/v2/infra-envs/" + id,
                ItChecks.single(assisted, id, Endpoint.INFRA_ENV).rawPath());
        assertEquals(List.of(), ItChecks.calls(assisted, id, Endpoint.MINIMAL_INITRD),
                "minimal-initrd is only for minimal ISOs");
    }

    @Test
    void archDefaultsToX86_64AndIdenticalRequestsGiveIdenticalBytes() throws Exception {
        String id = id(2);
        assisted.image(id).ignitionLastModified(LAST_MODIFIED);

        Reply defaulted = http.get("images/" + id + "?version=4.17&type=full-iso");
        Reply explicit = http.get("images/" + id + "?version=" + VERSION + "&arch=x86_64&type=full-iso");

        assertEquals(200, defaulted.status());
        assertEquals(Files.size(x86Iso), defaulted.body().length);
        assertEquals(ItHttp.sha256(defaulted.body()), ItHttp.sha256(explicit.body()));
    }

    @Test
    void s390xIgnitionIsEmbeddedInCdbootImageAtTheIgninfoOffset() throws Exception {
        String id = id(3);
        String ignition = "{\"ignition\":{\"version\":\"3.2.0\"},\"arch\":\"s390x\"}";
        assisted.image(id).ignition(ignition);

        Reply reply = http.get("images/" + id + "?version=4.17&arch=s390x&type=full-iso");

        assertEquals(200, reply.status(), reply.text());
        assertEquals(Files.size(s390xIso), reply.body().length);
        byte[] original = tools.extract(s390xIso, "/images/cdboot.img");
        byte[] served = tools.extract(save(reply, "s390x.iso"), "/images/cdboot.img");
        int start = TestIsos.S390X_IGNITION_OFFSET;
        int end = start + TestIsos.IGNITION_AREA_BYTES;
        assertEquals(ignition, tools.ignitionConfig(Arrays.copyOfRange(served, start, end)));
        assertArrayEquals(Arrays.copyOfRange(original, 0, start), Arrays.copyOfRange(served, 0, start));
        assertArrayEquals(Arrays.copyOfRange(original, end, original.length),
                Arrays.copyOfRange(served, end, served.length));
    }

    @Test
    void s390xRefusesKernelArgumentsEvenAnEmptyList() throws Exception {
        for (Map.Entry<String, String> kargs : Map.of(id(4), KARGS_P1_P2, id(5), "[]").entrySet()) {
            assisted.image(kargs.getKey()).kernelArguments(kargs.getValue());

            Reply reply = http.get("images/" + kargs.getKey() + "?version=4.17&arch=s390x&type=full-iso");

            assertEquals(400, reply.status());
            assertEquals("kargs cannot be modified in s390x architecture ISOs\n", reply.text());
            assertEquals(ItChecks.TEXT, reply.requireHeader("Content-Type"));
        }
    }

    @Test
    void legacyIsoWithoutIgninfoGetsTheWholeIgnitionImageAndMarkerKargs() throws Exception {
        String id = id(6);
        String ignition = "{\"ignition\":{\"version\":\"3.1.0\"}}";
        assisted.image(id).ignition(ignition).kernelArguments("[{\"operation\":\"append\",\"value\":\"rd.legacy\"}]");

        Reply reply = http.get("images/" + id + "?version=4.8&type=full-iso");

        assertEquals(200, reply.status(), reply.text());
        assertEquals(Files.size(legacyIso), reply.body().length);
        Path served = save(reply, "legacy.iso");
        byte[] area = tools.extract(served, "/images/ignition.img");
        assertEquals(TestIsos.IGNITION_AREA_BYTES, area.length);
        assertEquals(ignition, tools.ignitionConfig(area));
        assertTrue(IsoTools.zeros(area, area.length / 2, area.length), "the old ignition.img bytes are zeroed");
        for (String config : List.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg")) {
            assertEquals(withKargs(tools.extractText(legacyIso, config), " rd.legacy\n"),
                    tools.extractText(served, config), config);
        }
    }

    @Test
    void isoFrom2020ServesIgnitionButRefusesKernelArgumentsClearly() throws Exception {
        String plain = id(7);
        String withKargs = id(8);
        String ignition = "{\"ignition\":{\"version\":\"3.0.0\"}}";
        assisted.image(plain).ignition(ignition);
        assisted.image(withKargs).kernelArguments(KARGS_P1_P2);

        Reply served = http.get("images/" + plain + "?version=4.6&type=full-iso");
        Reply refused = http.get("images/" + withKargs + "?version=4.6&type=full-iso");

        assertEquals(200, served.status());
        Path servedIso = save(served, "legacy2020.iso");
        assertEquals(ignition, tools.ignitionConfig(tools.extract(servedIso, "/images/ignition.img")));
        assertEquals(400, refused.status());
        assertTrue(refused.text().startsWith("kernel arguments cannot be embedded in this image: "), refused.text());
        assertTrue(refused.text().endsWith("\n"), refused.text());
        assertEquals(ItChecks.TEXT, refused.requireHeader("Content-Type"));
    }

    @Test
    void ignitionLargerThanItsAreaIsAClear400() throws Exception {
        String id = id(9);
        byte[] random = new byte[300 * 1024];
        new Random(42).nextBytes(random);
        assisted.image(id).ignition("{\"data\":\"" + Base64.getEncoder().encodeToString(random) + "\"}");

        Reply reply = http.get("images/" + id + "?version=4.17&type=full-iso");

        assertEquals(400, reply.status());
        assertTrue(reply.text().matches("content length \\(\\d+\\) exceeds embed area size \\("
                + TestIsos.IGNITION_AREA_BYTES + "\\) of the ignition area\n"), reply.text());
    }

    @Test
    void parameterAndRoutingErrorsUseUpstreamBodiesAndCallNobody() throws Exception {
        String id = id(10);
        String image = "images/" + id;
        ItChecks.assertReply(400, "'version' parameter required", http.get(image + "?type=full-iso"));
        ItChecks.assertReply(400, "'version' parameter required", http.get(image + "?version=&type=full-iso"));
        ItChecks.assertReply(400, "'type' parameter required", http.get(image + "?version=4.17"));
        ItChecks.assertReply(400, "invalid value 'entire-iso' for parameter 'type'",
                http.get(image + "?version=4.17&type=entire-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get(image + "?version=9.99&type=full-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND,
                http.get(image + "?version=4.17&arch=ppc64le&type=full-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get("images/" + LETTER_ID.toUpperCase(Locale.ROOT)
                + "?version=4.17&type=full-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get(image + "/extra?version=4.17&type=full-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get(image + "/?version=4.17&type=full-iso"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get("images/?version=4.17&type=full-iso"));
        assertEquals(List.of(), assisted.requests().stream().map(RecordedRequest::rawPath)
                .filter(path -> path.contains(id) || path.toLowerCase(Locale.ROOT).contains(LETTER_ID)).toList());
    }

    /**
     * The configuration file after kargs are written over its embed area
     * (docs/upstream-behaviour.md#writing-kernel-arguments).
     */
    private static String withKargs(String original, String rendered) {
        int index = kargsAreaIndex(original);
        String replaced = rendered + "#".repeat(kargsAreaLength() - rendered.length());
        String result = original.substring(0, index) + replaced + original.substring(index + kargsAreaLength());
        assertEquals(original.length(), result.length());
        return result;
    }

    /** Index of the {@code \n} that starts the area: the line of {@code #} before the marker. */
    private static int kargsAreaIndex(String config) {
        int index = config.indexOf("\n" + "#".repeat(TestIsos.KARGS_AREA_BYTES) + MARKER_LINE);
        assertTrue(index > 0, "no karg embed area in\n" + config);
        return index;
    }

    /** The {@code \n} and all but the marker's own {@code #}. */
    private static int kargsAreaLength() {
        return TestIsos.KARGS_AREA_BYTES + 1;
    }

    private static void assertOnlyAreasDiffer(byte[] original, byte[] served, List<long[]> areas) {
        assertEquals(original.length, served.length);
        for (int i = 0; i < original.length; i++) {
            if (original[i] != served[i]) {
                long offset = i;
                assertTrue(areas.stream().anyMatch(a -> offset >= a[0] && offset < a[0] + a[1]),
                        "byte " + i + " changed outside the embed areas");
            }
        }
    }

    private static Path save(Reply reply, String name) throws IOException {
        return Files.write(work.resolve(name), reply.body());
    }

}
