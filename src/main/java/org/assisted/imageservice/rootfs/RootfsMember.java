package org.assisted.imageservice.rootfs;

/**
 * The filesystem image inside {@code rootfs.img}.
 *
 * @param kind   squashfs or EROFS, from the member name
 * @param offset byte offset of the member's data in the file that holds {@code rootfs.img}
 *               (the ISO), not relative to {@code rootfs.img}
 * @param length member data length in bytes
 */
public record RootfsMember(RootfsKind kind, long offset, long length) {
}
