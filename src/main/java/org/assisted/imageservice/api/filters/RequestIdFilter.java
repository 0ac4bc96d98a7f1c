package org.assisted.imageservice.api.filters;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a short token, else a random one. It is
 * echoed in the response, published as the {@link #ATTRIBUTE} request attribute for the access log, and bound to
 * the thread (also on the async dispatch after a concurrency-limit wait) so that error logs can name it.
 */
public final class RequestIdFilter extends HttpFilter {

    public static final String ATTRIBUTE = "org.assisted.imageservice.requestId";
    public static final String HEADER = "X-Request-Id";

    /** Restricted so that a client cannot inject log syntax or overly long values. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** @return the id of the request this thread is serving, or {@code -} outside a request */
    public static String current() {
        String id = CURRENT.get();
        return id == null ? "-" : id;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = (String) request.getAttribute(ATTRIBUTE);
        if (id == null || request.getDispatcherType() == DispatcherType.REQUEST) {
            id = chooseId(request.getHeader(HEADER));
            request.setAttribute(ATTRIBUTE, id);
            response.setHeader(HEADER, id);
        }
        CURRENT.set(id);
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }

    static String chooseId(String fromClient) {
        if (fromClient != null && CLIENT_ID.matcher(fromClient).matches()) {
            return fromClient;
        }
        // an id only has to tell requests apart in the logs: no SecureRandom (a lock and a system call per request)
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
