package org.assisted.imageservice.rootfs;

/** The root filesystem formats a RHCOS {@code rootfs.img} can carry, by cpio member name. */
public enum RootfsKind {
    SQUASHFS("root.squashfs"),
    EROFS("root.erofs");

    private final String memberName;

    RootfsKind(String memberName) {
        this.memberName = memberName;
    }

    /** The cpio member name, e.g. {@code root.squashfs}. */
    public String memberName() {
        return memberName;
    }
}
