package org.assisted.imageservice.api.filters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Optional;
import java.util.function.Function;

import org.assisted.imageservice.api.RouteMatch;
import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.ClientAbortInterceptor;
import org.assisted.imageservice.api.downloads.IsoDownloads;
import org.assisted.imageservice.api.downloads.IsoRequest;
import org.assisted.imageservice.api.downloads.ServletBodyChannel;
import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.http.DownloadAnswer;
import org.assisted.imageservice.http.OverlayStreamingOutput;
import org.assisted.imageservice.http.RequestHeaders;

/**
 * Answers GET and HEAD of an ISO download (long or short URL) straight from the servlet container when its
 * decision is already kept for that request (same image, route and credential, within
 * ASSISTED_SERVICE_CACHE_SECONDS): a BMC's virtual-media Range reads then skip Jersey's per-request work, which
 * cost more CPU than the rest of the request (docs/benchmarks.md). The answer is the one the resource gives: the
 * request is parsed as the resources parse it ({@link IsoRequest#longUrl}, {@link IsoRequest#shortUrl}), the
 * status, headers and body come from {@link IsoDownloads#reused}, which shares {@link IsoDownloads#serve}'s decision
 * code, and a client abort is counted by the same {@link ClientAbortInterceptor}.
 *
 * <p>Everything else goes on to Jersey unchanged: other methods and routes, decisions not kept (the first request
 * of a window, every request when the window is 0), images that are not ready, invalid requests, answers with a
 * text body (a 416 to a GET), and requests whose path or query string holds anything but unreserved characters,
 * {@code =} and {@code &} (percent-encoding, {@code +}, path parameters), so that no decoding rule here can differ
 * from Jersey's.
 * Registered after the other filters, so the request id, the logged path, the plain-HTTP rule, CORS, the
 * concurrency limit and the metrics apply to both paths alike.
 */
public final class ReusedDownloadFilter extends HttpFilter {

    private static final String LONG_URL_PREFIX = "/images/";
    private static final int SHORT_URL_SEGMENTS = 6;

    private final transient IsoDownloads downloads;
    private final transient ClientAbortInterceptor aborts;
    private final transient Counter answered;

    public ReusedDownloadFilter(IsoDownloads downloads, ClientAbortInterceptor aborts, MeterRegistry registry) {
        this.downloads = downloads;
        this.aborts = aborts;
        this.answered = Counter.builder("assisted_image_service_reused_downloads")
                .description("ISO downloads answered from a reused decision by the servlet filter in front of Jersey.")
                .register(registry);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<DownloadAnswer> answer = answer(request);
        if (answer.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        send(answer.get(), response);
    }

    /** The answer of a kept decision, or empty when Jersey must answer. */
    Optional<DownloadAnswer> answer(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Optional.empty();
        }
        RouteMatch match = Routes.matched(request);
        Optional<Routes.Route> route = match.route();
        if (route.isEmpty() || !isIsoDownload(route.get()) || !match.isPlain()
                || !isPlain(request.getQueryString())) {
            return Optional.empty();
        }
        Function<String, String> query = name -> firstParameter(request.getQueryString(), name);
        String authorization = request.getHeader("Authorization");
        String path = match.path();
        IsoRequest iso;
        try {
            iso = route.get() == Routes.LONG_ISO_URL
                    ? IsoRequest.longUrl(path.substring(LONG_URL_PREFIX.length()), query, authorization)
                    : shortUrl(path, query, authorization);
        } catch (ApiException e) {
            return Optional.empty();
        }
        return downloads.reused(iso, method, new ServletHeaders(request)).filter(a -> a.text().isEmpty());
    }

    private void send(DownloadAnswer answer, HttpServletResponse response) throws IOException {
        answered.increment();
        response.setStatus(answer.status());
        for (DownloadAnswer.Header header : answer.headers()) {
            response.addHeader(header.name(), header.value());
        }
        if (answer.body().isEmpty()) {
            return;
        }
        OverlayStreamingOutput body = answer.body().get();
        try {
            body.write(new ServletBodyChannel(response.getOutputStream()));
        } catch (IOException e) {
            if (!aborts.absorbed(e)) {
                throw e;
            }
        }
    }

    private static boolean isIsoDownload(Routes.Route route) {
        return route == Routes.LONG_ISO_URL || route.shortUrl();
    }

    private static IsoRequest shortUrl(String path, Function<String, String> query, String authorization)
            throws ApiException {
        String[] segments = path.split("/", -1);
        if (segments.length != SHORT_URL_SEGMENTS) {
            throw new ApiException(new ApiError.RawTextError(404, "not a short URL"));
        }
        return IsoRequest.shortUrl(segments[1], segments[2], segments[3], segments[4], segments[5], query,
                authorization);
    }

    /** Whether the query string is absent or made only of unreserved characters, {@code =} and {@code &}. */
    static boolean isPlain(String query) {
        if (query == null) {
            return true;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved && c != '=' && c != '&') {
                return false;
            }
        }
        return true;
    }

    /**
     * The first value of a parameter in a plain query string ({@link #isPlain}), as Jersey reads it: parameters
     * are separated by {@code &}, the value follows the first {@code =}, a name without {@code =} has the empty
     * value; null when the parameter is absent.
     */
    static String firstParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            int nameEnd = equals >= 0 && equals < end ? equals : end;
            if (nameEnd - start == name.length() && query.startsWith(name, start)) {
                return nameEnd == end ? "" : query.substring(nameEnd + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    /** The servlet request's headers as the download decision reads them. */
    private static final class ServletHeaders implements RequestHeaders {
        private final HttpServletRequest request;

        ServletHeaders(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public String first(String name) {
            return request.getHeader(name);
        }

        @Override
        public String joined(String name) {
            Enumeration<String> values = request.getHeaders(name);
            if (values == null || !values.hasMoreElements()) {
                return null;
            }
            StringBuilder joined = new StringBuilder(values.nextElement());
            while (values.hasMoreElements()) {
                joined.append(',').append(values.nextElement());
            }
            return joined.toString();
        }
    }
}
