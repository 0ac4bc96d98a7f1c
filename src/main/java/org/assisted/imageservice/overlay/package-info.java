/**
 * The content of one download as a window of a stored file plus in-memory byte overlays ({@code OverlayPlan},
 * {@code Overlay}), format-neutral: the same model serves customised ISOs, PXE initrds and boot artifacts.
 * <p>May import: {@code io}.
 */
package org.assisted.imageservice.overlay;
