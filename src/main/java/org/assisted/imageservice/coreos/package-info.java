/**
 * What this service knows of a CoreOS live ISO (docs/upstream-behaviour.md#image-formats): its file paths and
 * architecture names ({@code RhcosPaths}), the ignition and kernel-argument embed
 * areas and how they are found, the ignition archive, the per-request overlays of a customised image
 * ({@code IsoCustomizer}) and the per-image facts computed once ({@code IsoLayout}).
 * <p>May import: {@code archive}, {@code archive.cpio}, {@code iso}, {@code json}, {@code overlay}.
 */
package org.assisted.imageservice.coreos;
