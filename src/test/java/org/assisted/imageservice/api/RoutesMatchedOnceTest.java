package org.assisted.imageservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.assisted.imageservice.api.downloads.ClientAbortInterceptor;
import org.assisted.imageservice.api.filters.ConcurrencyLimitFilter;
import org.assisted.imageservice.api.filters.CorsFilter;
import org.assisted.imageservice.api.filters.LoggedPathFilter;
import org.assisted.imageservice.api.filters.MetricsFilter;
import org.assisted.imageservice.api.filters.PlainHttpFilter;
import org.assisted.imageservice.api.filters.ProbePortFilter;
import org.assisted.imageservice.api.filters.ReusedDownloadFilter;
import org.assisted.imageservice.metrics.HttpMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The route table is applied once per request: the first servlet filter that reads the path matches it and keeps
 * the {@link RouteMatch} as a request attribute, and every later filter acts on that attribute. The patterns made
 * from the resources' path templates match what Jersey's {@code @Path}s match.
 */
class RoutesMatchedOnceTest {

    private static final String UUID = "0d5e3f4a-1b2c-4d5e-8f90-a1b2c3d4e5f6";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, Object> attributes = new HashMap<>();
    private final AtomicInteger pathReads = new AtomicInteger();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /images/UUID                                 | /images/:imageID
            /images/UUID/                                | -
            /images/0D5E3F4A-1B2C-4D5E-8F90-A1B2C3D4E5F6 | -
            /images/UUID/pxe-initrd                      | /images/:imageID/pxe-initrd
            /images/UUID/s390x-initrd-addrsize           | /images/:imageID/s390x-initrd-addrsize
            /images/UUID/s390x-initrd-addrsizes          | -
            /byid/UUID/4.17/x86_64/full.iso              | /byid/:token
            /byid/not-an-id/4.17/x86_64/full.iso         | -
            /byapikey/e30.e30.sig/4.17/x86_64/full.iso   | /byapikey/:token
            /bytoken/e30.e30.sig/4.17/x86_64/minimal.iso | /bytoken/:token
            /bytoken/e30.e30.sig/4.17/x86_64             | -
            /bytoken/e30.e30.sig/4.17/x86_64/a/b         | -
            /boot-artifacts/kernel                       | /boot-artifacts/kernel
            /boot-artifacts/ins-file                     | /boot-artifacts/ins-file
            /boot-artifacts/kernel/x                     | /boot-artifacts/:artifact
            /boot-artifacts/                             | /boot-artifacts/:artifact
            /boot-artifacts                              | -
            /health                                      | -
            """)
    void theTemplatesMatchTheRoutesOfTheTable(String path, String handler) {
        RouteMatch match = RouteMatch.of(path.replace("UUID", UUID), path.replace("UUID", UUID));
        assertEquals(handler, match.route().map(Routes.Route::handler).orElse(null), path);
    }

    @Test
    void aParameterRegexMayHoldBraces() {
        assertEquals("\\Q/a/\\E(?:[0-9]{2})\\Q/b\\E", Routes.pattern("/a/{n: [0-9]{2}}/b").pattern());
    }

    @Test
    void theFiltersReadThePathOnceThroughAWholeChain() throws Exception {
        HttpServletRequest request = request("/images/" + UUID + "/pxe-initrd");
        AtomicInteger reached = new AtomicInteger();
        run(request, (req, res) -> reached.incrementAndGet());

        assertEquals(1, reached.get());
        assertEquals(1, pathReads.get(), "servlet path, path info and request URI read once each, together");
        RouteMatch match = Routes.matched(request);
        assertEquals("/images/:imageID/pxe-initrd", match.route().orElseThrow().handler());
        assertEquals(1, pathReads.get());
        assertEquals(1, registry.get("assisted_image_service_http_request_duration")
                .tag("handler", "/images/:imageID/pxe-initrd").timer().count());
    }

    @Test
    void laterFiltersActOnTheKeptMatchNotOnThePath() throws Exception {
        HttpServletRequest request = request("/live");
        RouteMatch kept = RouteMatch.of("/boot-artifacts/kernel", "/boot-artifacts/kernel");
        run(request, (req, res) -> assertSame(kept, Routes.matched((HttpServletRequest) req)), kept);

        assertEquals(0, pathReads.get());
        assertEquals(1, registry.get("assisted_image_service_http_request_duration")
                .tag("handler", "/boot-artifacts/kernel").timer().count());
        assertNull(registry.find("assisted_image_service_http_request_duration")
                .tag("handler", "/live").timer());
    }

    /** Runs the servlet filters in StartupListener's order (all of them installed) over {@code request}. */
    private void run(HttpServletRequest request, FilterChain last, RouteMatch... kept) throws Exception {
        HttpMetrics metrics = new HttpMetrics(registry);
        List<Filter> filters = List.of(
                new LoggedPathFilter(),
                new ProbePortFilter(-1),
                new PlainHttpFilter(),
                new CorsFilter(List.of("https://example.com")),
                new ConcurrencyLimitFilter(new ConcurrencyLimitFilter.Limits(1, 1, 1, Duration.ofSeconds(1)), registry),
                MetricsFilter.forBootArtifacts(metrics),
                MetricsFilter.forImageRoutes(metrics),
                new ReusedDownloadFilter(null, new ClientAbortInterceptor(registry), registry));
        if (kept.length > 0) {
            Routes.matched(request);
            pathReads.set(0);
            attributes.replaceAll((name, value) -> value instanceof RouteMatch ? kept[0] : value);
        }
        chain(filters, 0, last).doFilter(request, response());
        assertNotNull(attributes.get(LoggedPathFilter.ATTRIBUTE));
    }

    private static FilterChain chain(List<Filter> filters, int index, FilterChain last) {
        return index == filters.size() ? last
                : (req, res) -> filters.get(index).doFilter(req, res, chain(filters, index + 1, last));
    }

    /** A secure GET of {@code path} that counts how often the filters ask for the path. */
    private HttpServletRequest request(String path) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> {
                        pathReads.incrementAndGet();
                        yield "";
                    }
                    case "getPathInfo" -> path;
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    case "getMethod" -> "GET";
                    case "isSecure" -> true;
                    case "getLocalPort" -> 0;
                    case "getDispatcherType" -> DispatcherType.REQUEST;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getHeaders" -> Collections.emptyEnumeration();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(RoutesMatchedOnceTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getStatus" -> 200;
                    case "isCommitted" -> false;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

}
