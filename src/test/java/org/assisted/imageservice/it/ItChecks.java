package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.FakeAssistedService.RecordedRequest;

/** Assertions shared by the integration tests. */
final class ItChecks {

    /** Upstream's {@code text/plain; charset=utf-8} as Tomcat writes it: it drops the space before parameters. */
    static final String TEXT = "text/plain;charset=utf-8";
    static final String PAGE_NOT_FOUND = "404 page not found\n";
    /**
     * RFC 9110's IMF-fixdate, written here independently of the service's formatter. Not the JDK's
     * {@code RFC_1123_DATE_TIME}: that one writes a one-digit day ({@code Wed, 2 Dec}).
     */
    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ItChecks() {
    }

    /** Status and exact body; a non-empty body must be upstream's plain text. */
    static void assertReply(int status, String body, Reply reply) {
        assertEquals(status, reply.status(), body);
        assertEquals(body, reply.text());
        if (!body.isEmpty()) {
            assertEquals(TEXT, reply.requireHeader("Content-Type"));
        }
    }

    static List<RecordedRequest> calls(FakeAssistedService assisted, String id, Endpoint endpoint) {
        return assisted.requests(endpoint).stream().filter(r -> id.equals(r.imageId())).toList();
    }

    static RecordedRequest single(FakeAssistedService assisted, String id, Endpoint endpoint) {
        List<RecordedRequest> calls = calls(assisted, id, endpoint);
        assertEquals(1, calls.size(), endpoint + " calls for " + id);
        return calls.get(0);
    }
}
