package org.assisted.imageservice.assisted;

import java.util.Locale;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Redirects as Go's http.Client follows them: to any host, but {@code Authorization} is dropped once a hop
 * leaves the original host and its subdomains ({@code Image-Token} and the URL's {@code api_key} are kept or
 * lost exactly as Go keeps or loses them). HttpClient's default instead refuses such redirects outright.
 */
final class CrossHostRedirects extends DefaultRedirectStrategy implements HttpRequestInterceptor {

    /** Context attribute: the host name of the first request of the exchange. */
    static final String ORIGINAL_HOST = CrossHostRedirects.class.getName() + ".originalHost";
    private static final String AUTHORIZATION_DROPPED = CrossHostRedirects.class.getName() + ".authorizationDropped";

    @Override
    public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect, HttpContext context) {
        return true;
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        Object originalHost = context.getAttribute(ORIGINAL_HOST);
        URIAuthority authority = request.getAuthority();
        if (originalHost instanceof String host && authority != null && !sameOrSubdomain(host, authority.getHostName())) {
            context.setAttribute(AUTHORIZATION_DROPPED, Boolean.TRUE);
        }
        if (Boolean.TRUE.equals(context.getAttribute(AUTHORIZATION_DROPPED))) {
            request.removeHeaders(HttpHeaders.AUTHORIZATION);
        }
    }

    private static boolean sameOrSubdomain(String original, String destination) {
        String from = original.toLowerCase(Locale.ROOT);
        String to = destination.toLowerCase(Locale.ROOT);
        return to.equals(from) || to.endsWith("." + from);
    }
}
