/**
 * Route-independent HTTP semantics of a download (RFC 9110): preconditions, {@code Range} parsing and decisions,
 * HTTP dates, the status and headers of an answer ({@code DownloadResponses}) and the copy loop that streams an
 * {@code OverlayPlan} ({@code OverlayStreamingOutput}). No servlet or Jersey server classes: plain JUnit tests it.
 * <p>May import: {@code io}, {@code overlay}. JAX-RS core types.
 */
package org.assisted.imageservice.http;
