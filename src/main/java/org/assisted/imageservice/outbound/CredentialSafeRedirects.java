package org.assisted.imageservice.outbound;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The redirect rules of the service's outgoing requests (assisted-service calls and image downloads), for the
 * classic and the async HttpClient alike: a redirect to another host is followed, one from https to http fails the
 * request, and once a hop leaves the first request's origin (scheme, host and port) no hop of the exchange carries
 * the credential headers any more. Register one instance both as redirect strategy and as last request interceptor.
 *
 * <p>Query parameters are not touched: HttpClient sends a redirect to its {@code Location} as given, so a credential
 * in the first URL's query ({@code api_key}) reaches another origin only if the redirecting server wrote it there.
 */
public final class CredentialSafeRedirects extends DefaultRedirectStrategy implements HttpRequestInterceptor {

    private static final String FIRST_ORIGIN = CredentialSafeRedirects.class.getName() + ".firstOrigin";
    private static final String LEFT_ORIGIN = CredentialSafeRedirects.class.getName() + ".leftOrigin";

    private final List<String> credentialHeaders;

    /** @param credentialHeaders the names of the headers removed after a change of origin */
    public CredentialSafeRedirects(List<String> credentialHeaders) {
        this.credentialHeaders = List.copyOf(credentialHeaders);
    }

    /** Any host: the interceptor removes the credentials instead (HttpClient's default refuses such redirects). */
    @Override
    public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect,
                                     HttpContext context) {
        return true;
    }

    /** @throws RedirectException for a redirect from https to plain http; the message names no URL */
    @Override
    public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        URI location = super.getLocationURI(request, response, context);
        if (URIScheme.HTTPS.same(request.getScheme()) && !URIScheme.HTTPS.same(location.getScheme())) {
            throw new RedirectException("refused a redirect from https to " + location.getScheme());
        }
        return location;
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        Origin origin = Origin.of(request);
        Object first = context.getAttribute(FIRST_ORIGIN);
        if (first == null) {
            context.setAttribute(FIRST_ORIGIN, origin);
        } else if (!first.equals(origin)) {
            context.setAttribute(LEFT_ORIGIN, Boolean.TRUE);
        }
        if (Boolean.TRUE.equals(context.getAttribute(LEFT_ORIGIN))) {
            credentialHeaders.forEach(request::removeHeaders);
        }
    }

    /** Scheme, host and port of a request, the port made explicit. */
    private record Origin(String scheme, String host, int port) {
        private static final int HTTP_PORT = 80;
        private static final int HTTPS_PORT = 443;

        static Origin of(HttpRequest request) {
            String scheme = String.valueOf(request.getScheme()).toLowerCase(Locale.ROOT);
            URIAuthority authority = request.getAuthority();
            String host = authority == null ? "" : authority.getHostName().toLowerCase(Locale.ROOT);
            int port = authority == null || authority.getPort() < 0 ? defaultPort(scheme) : authority.getPort();
            return new Origin(scheme, host, port);
        }

        private static int defaultPort(String scheme) {
            return URIScheme.HTTPS.same(scheme) ? HTTPS_PORT : HTTP_PORT;
        }
    }
}
