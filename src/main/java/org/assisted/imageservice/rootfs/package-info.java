/**
 * Reading a RHCOS {@code rootfs.img}: the cpio that wraps it ({@code RootfsCpio}), the filesystem image inside
 * it (squashfs or EROFS, behind {@code FilesystemImage}), and what the service takes out of it: {@code nmstatectl}
 * and the nmstate archive (docs/upstream-behaviour.md#nmstatectl-archive).
 * <p>May import: {@code rootfs.squashfs}, {@code rootfs.erofs} (to open the right one), {@code archive},
 * {@code iso}. The two format packages import {@code rootfs} for {@code FilesystemImage} and its exception.
 */
package org.assisted.imageservice.rootfs;
