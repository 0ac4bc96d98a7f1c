package org.assisted.imageservice.api.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.Routes;

/**
 * Publishes the request path with credentials removed (no query string, token segments masked) as
 * a request attribute, so that Tomcat's access log can log it with
 * {@code %{org.assisted.imageservice.loggedPath}r} instead of {@code %r}/{@code %U}, which would
 * write {@code api_key} values and {@code /byapikey} tokens to disk. The first filter to read the path, so the
 * one that matches it against the route table for every later filter ({@link Routes#matched}).
 */
public final class LoggedPathFilter extends HttpFilter {

    public static final String ATTRIBUTE = "org.assisted.imageservice.loggedPath";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, request.getContextPath() + Routes.redact(Routes.matched(request)));
        chain.doFilter(request, response);
    }
}
