/**
 * Servlet filters and Jersey pre-matching filters, in the order docs/upstream-behaviour.md#filter-order gives:
 * request id, logged path, probe port, plain HTTP, CORS, concurrency limit, metrics, reused downloads, exact
 * routes and boot-artifact methods.
 * <p>May import: {@code api}, {@code api.downloads}, {@code api.errors}, {@code http}, {@code metrics}.
 */
package org.assisted.imageservice.api.filters;
