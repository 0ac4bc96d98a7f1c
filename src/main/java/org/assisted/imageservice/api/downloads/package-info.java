/**
 * What a download route answers, decided before a byte is written (docs/design.md#request-path): the ISO and PXE
 * download services, the image lookup, the reuse window of assisted-service answers, the boot artifacts, and the
 * writers that put an {@code OverlayPlan} on the container's stream.
 * <p>May import: {@code api}, {@code api.errors}, {@code api.filters} (the request id), {@code assisted},
 * {@code config}, {@code coreos}, {@code http}, {@code io}, {@code iso}, {@code overlay}, {@code store}.
 */
package org.assisted.imageservice.api.downloads;
