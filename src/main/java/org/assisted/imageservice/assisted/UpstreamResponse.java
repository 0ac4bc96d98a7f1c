package org.assisted.imageservice.assisted;

/**
 * A fully read assisted-service response.
 *
 * @param status       HTTP status after redirects
 * @param lastModified raw {@code Last-Modified} header value, or null
 * @param body         the body, at most the call's cap
 */
record UpstreamResponse(int status, String lastModified, byte[] body) {
}
