package org.assisted.imageservice.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.assisted.imageservice.api.InMemoryResourceTest;
import org.assisted.imageservice.api.InMemoryService;
import org.assisted.imageservice.assisted.UpstreamCall;
import org.assisted.imageservice.assisted.UpstreamException;
import org.assisted.imageservice.assisted.UpstreamResponseException;
import org.assisted.imageservice.assisted.UpstreamStatusException;
import org.assisted.imageservice.assisted.UpstreamTimeoutException;
import org.assisted.imageservice.assisted.UpstreamUnavailableException;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.coreos.EmbedAreaTooSmallException;
import org.assisted.imageservice.coreos.KargsNotSupportedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every exception mapper of the application, through Jersey: a test-only resource added to the real application
 * throws each {@link ApiError} the resources throw and the exceptions no mapper of the family handles, and the answer
 * is checked on the wire (status, body, content type), so that the registration and precedence of the mappers are
 * proven along with their output.
 */
class ExceptionMappersTest extends InMemoryResourceTest {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String EMBED_AREA = "ignition area in /images/ignition.img";

    @TempDir
    static java.nio.file.Path work;
    private static InMemoryService service;

    /** Throws what {@code kind} names. */
    @Path("/test-errors/{kind}")
    public static final class ThrowingResource {

        @GET
        public String fail(@PathParam("kind") String kind) throws Exception {
            throw switch (kind) {
                case "not-found" -> new NotFoundException();
                case "web-application" -> new WebApplicationException(Response.status(409).build());
                case "runtime" -> new IllegalStateException("unexpected " + kind);
                default -> new ApiException(error(kind));
            };
        }

        static ApiError error(String kind) {
            return switch (kind) {
                case "text" -> new ApiError.TextError(418, "short and stout");
                case "raw-text" -> new ApiError.RawTextError(400, "raw text");
                case "text-upstream" -> new ApiError.AssistedServiceFailure(
                        new UpstreamTimeoutException(UpstreamCall.MINIMAL_INITRD, "late", null),
                        Optional.of("error retrieving ramdisk content: late"));
                case "unknown-image" -> new ApiError.UnknownImage("4.99", "x86_64");
                case "not-ready" -> new ApiError.NotReady(ImageType.FULL_ISO,
                        new OsImageEntry("4.17", "x86_64", "file:/nowhere.iso", "417.94.0", ImageType.FULL_ISO));
                case "upstream-status" -> upstream(new UpstreamStatusException(UpstreamCall.IGNITION, 403,
                        "http://assisted/x?api_key=REDACTED"));
                case "upstream-timeout" -> upstream(new UpstreamTimeoutException(UpstreamCall.INFRA_ENV, "late", null));
                case "upstream-unavailable" -> upstream(new UpstreamUnavailableException(UpstreamCall.IGNITION,
                        "refused", null));
                case "upstream-response" -> upstream(new UpstreamResponseException(UpstreamCall.INFRA_ENV, "not JSON",
                        null));
                case "embed-area" -> new ApiError.EmbedAreaTooSmall(
                        new EmbedAreaTooSmallException(EMBED_AREA, 300_000, 262_144));
                case "kargs" -> new ApiError.KargsNotSupported(new KargsNotSupportedException("no kargs.json"));
                default -> throw new IllegalArgumentException(kind);
            };
        }

        private static ApiError upstream(UpstreamException failure) {
            return new ApiError.AssistedServiceFailure(failure, Optional.empty());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        service = started(InMemoryService.withX86Iso(work, VERSION));
    }

    @Override
    protected Application configure() {
        return service.application().register(ThrowingResource.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text            | 418 | 'short and stout\\n'",
        "raw-text        | 400 | raw text",
        "text-upstream   | 504 | 'error retrieving ramdisk content: late\\n'",
        "unknown-image   | 404 | '404 page not found\\n'",
        "embed-area      | 400 | 'content length (300000) exceeds embed area size (262144) of the " + EMBED_AREA
                + "\\n'",
        "kargs           | 400 | 'kernel arguments cannot be embedded in this image: no kargs.json\\n'",
        "not-found       | 404 | '404 page not found\\n'",
        "runtime         | 500 | 'internal error, id -\\n'",
    })
    void textErrorsCarryTheirStatusBodyAndPlainTextType(String kind, int status, String body) {
        assertText(get("test-errors/" + kind), status, body.replace("\\n", "\n"));
    }

    @ParameterizedTest
    @CsvSource({"upstream-status, 403", "upstream-timeout, 504", "upstream-unavailable, 502",
        "upstream-response, 500", "web-application, 409"})
    void assistedServiceFailuresAndJerseysOwnResponsesHaveAnEmptyBody(String kind, int status) {
        Response response = get("test-errors/" + kind);

        assertEmpty(response, status);
        assertNull(response.getHeaderString("Content-Type"));
    }

    /** The tables of this class cover the family: a record added to {@link ApiError} must be added to them. */
    @Test
    void theTablesCoverEveryRecordOfTheFamily() {
        Set<Class<?>> thrown = Arrays.stream(new String[] {"text", "raw-text", "text-upstream", "unknown-image",
            "not-ready", "upstream-status", "embed-area", "kargs"})
                .map(kind -> ThrowingResource.error(kind).getClass()).collect(Collectors.toSet());

        assertEquals(Set.of(ApiError.class.getPermittedSubclasses()), thrown);
    }

    @Test
    void notReadyIs503WithRetryAfterAndAnEmptyBody() {
        Response response = get("test-errors/not-ready");

        assertEmpty(response, 503);
        assertEquals("30", response.getHeaderString("Retry-After"));
    }
}
