package org.assisted.imageservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.inmemory.InMemoryTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * A test of the real application in Jersey's in-memory container over an {@link InMemoryService} of the subclass:
 * requests go from Jersey's client through the resources, providers and exception mappers without a socket. What the
 * servlet filters add (request id, CORS, limits, HTTP metrics, the reused-download answers) is left to the ITs.
 */
public abstract class InMemoryResourceTest extends JerseyTest {

    /** Upstream's {@code text/plain; charset=utf-8} as Jersey's header writer spells it (Tomcat's too). */
    protected static final String PLAIN_UTF8 = "text/plain;charset=utf-8";
    public static final String PAGE_NOT_FOUND = "404 page not found\n";

    /** The services of the running test class (test classes run one at a time), stopped after its last test. */
    private static InMemoryService started;

    /** Registers the services a test class started in its {@code @BeforeAll}; they are stopped after its tests. */
    protected static InMemoryService started(InMemoryService service) {
        started = service;
        return service;
    }

    @AfterAll
    protected static void stopServices() {
        if (started != null) {
            started.close();
            started = null;
        }
    }

    /** The assisted-service stand-in of the started services. */
    protected static FakeAssistedService assisted() {
        return started.assisted();
    }

    /** The services the application of each test is built over. */
    protected InMemoryService service() {
        return started;
    }

    @Override
    protected Application configure() {
        return service().application();
    }

    @Override
    protected final TestContainerFactory getTestContainerFactory() {
        return new InMemoryTestContainerFactory();
    }

    /** A request for {@code pathAndQuery} (relative, query string as sent) with header name/value pairs. */
    protected Invocation.Builder request(String pathAndQuery, String... headers) {
        int question = pathAndQuery.indexOf('?');
        WebTarget target = target(question < 0 ? pathAndQuery : pathAndQuery.substring(0, question));
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                target = eq < 0 ? target.queryParam(pair, "") : target.queryParam(pair.substring(0, eq),
                        pair.substring(eq + 1));
            }
        }
        Invocation.Builder builder = target.request();
        for (int i = 0; i < headers.length; i += 2) {
            builder = builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    protected Response get(String pathAndQuery, String... headers) {
        return request(pathAndQuery, headers).get();
    }

    protected Response head(String pathAndQuery, String... headers) {
        return request(pathAndQuery, headers).head();
    }

    protected Response send(String method, String pathAndQuery) {
        return request(pathAndQuery).method(method, method.equals("POST") || method.equals("PUT")
                || method.equals("PATCH") ? Entity.text("") : null);
    }

    /** The body as bytes (empty for none). */
    protected static byte[] bytes(Response response) {
        response.bufferEntity();
        return response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
    }

    protected static String text(Response response) {
        return new String(bytes(response), StandardCharsets.UTF_8);
    }

    /** The {@code Content-Length} the resource declared (see {@link InMemoryService.DeclaredLength}). */
    protected static String declaredLength(Response response) {
        return response.getHeaderString(InMemoryService.DeclaredLength.HEADER);
    }

    /** Upstream's text error: status, exact body, {@code text/plain; charset=utf-8} and {@code nosniff}. */
    protected static void assertText(Response response, int status, String body) {
        assertEquals(status, response.getStatus(), body);
        assertEquals(body, text(response));
        assertEquals(PLAIN_UTF8, response.getHeaderString("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
        assertEquals("nosniff", response.getHeaderString("X-Content-Type-Options"));
    }

    /** A status with an empty body and no content type. */
    protected static void assertEmpty(Response response, int status) {
        assertEquals(status, response.getStatus());
        assertEquals("", text(response));
        assertNull(response.getHeaderString("X-Content-Type-Options"));
    }
}
