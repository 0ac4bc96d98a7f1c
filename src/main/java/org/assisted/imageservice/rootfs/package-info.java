/**
 * Reading a RHCOS {@code rootfs.img}: the cpio that wraps it ({@code RootfsCpio}), the filesystem image inside
 * it (squashfs or EROFS, behind {@code FilesystemImage}), and what the service takes out of it: {@code nmstatectl}
 * and the nmstate archive (docs/upstream-behaviour.md#nmstatectl-archive). The two readers live in
 * {@code rootfs.squashfs} and {@code rootfs.erofs}; the composition root hands them in as
 * {@code FilesystemImageOpener}s, so this package does not import them.
 * <p>May import: {@code archive}, {@code archive.cpio}, {@code io}, {@code iso}.
 */
package org.assisted.imageservice.rootfs;
