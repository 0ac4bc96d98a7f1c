package org.assisted.imageservice.iso;

/**
 * A regular file inside an ISO 9660 image: one contiguous extent.
 *
 * @param path   absolute path with Rock Ridge names, e.g. {@code /images/pxeboot/rootfs.img}
 * @param offset byte offset of the extent from the start of the image (extent sector x 2048)
 * @param size   data length in bytes
 */
public record IsoFile(String path, long offset, long size) {
}
