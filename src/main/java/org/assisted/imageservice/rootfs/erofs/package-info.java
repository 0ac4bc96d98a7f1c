/**
 * An EROFS reader working in place on a window of a file: superblock, inodes, directories, and compressed
 * extents (LZ4 of our own, MicroLZMA, DEFLATE).
 * <p>May import: {@code io}, {@code rootfs} (the {@code FilesystemImage} it implements). The XZ (MicroLZMA) codec.
 */
package org.assisted.imageservice.rootfs.erofs;
