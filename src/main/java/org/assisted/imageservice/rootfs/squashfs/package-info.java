/**
 * A squashfs 4.0 reader working in place on a window of a file: superblock, metadata blocks, directories,
 * inodes and file data, with the gzip, xz and zstd block codecs.
 * <p>May import: {@code rootfs} (the {@code FilesystemImage} it implements). The XZ and zstd codecs.
 */
package org.assisted.imageservice.rootfs.squashfs;
