/**
 * The OS images in {@code DATA_DIR} (docs/upstream-behaviour.md#image-lookup and #image-downloads): catalog and request-time lookup,
 * downloads with retries and checks, leases and cleanup shared by instances, per-image state and readiness,
 * minimal-ISO templates and the nmstate cache.
 * <p>May import: {@code config}, {@code coreos}, {@code io}, {@code iso}, {@code minimal}, {@code outbound}.
 * HttpClient 5.
 */
package org.assisted.imageservice.store;
