package org.assisted.imageservice.http;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A request method plus headers, standing in for the JAX-RS runtime's {@link Request} and {@link HttpHeaders}. */
final class FakeRequest implements Request, HttpHeaders {

    private final String method;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private FakeRequest(String method) {
        this.method = method;
    }

    static FakeRequest of(String method) {
        return new FakeRequest(method);
    }

    /** Adds one header line; a {@code null} value is ignored so tables can leave headers out. */
    FakeRequest header(String name, String value) {
        if (value != null) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return this;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public List<String> getRequestHeader(String name) {
        return headers.get(name);
    }

    @Override
    public String getHeaderString(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : String.join(",", values);
    }

    @Override
    public boolean containsHeaderString(String name, String separator, Predicate<String> predicate) {
        List<String> values = headers.getOrDefault(name, List.of());
        return values.stream().flatMap(v -> Arrays.stream(v.split(separator))).map(String::trim).anyMatch(predicate);
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        headers.forEach(map::addAll);
        return map;
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        return List.of(MediaType.WILDCARD_TYPE);
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        return List.of();
    }

    @Override
    public MediaType getMediaType() {
        return null;
    }

    @Override
    public Locale getLanguage() {
        return null;
    }

    @Override
    public Map<String, Cookie> getCookies() {
        return Map.of();
    }

    @Override
    public Date getDate() {
        return null;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public Variant selectVariant(List<Variant> variants) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Response.ResponseBuilder evaluatePreconditions(EntityTag eTag) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Response.ResponseBuilder evaluatePreconditions(Date lastModified) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Response.ResponseBuilder evaluatePreconditions(Date lastModified, EntityTag eTag) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Response.ResponseBuilder evaluatePreconditions() {
        throw new UnsupportedOperationException();
    }
}
