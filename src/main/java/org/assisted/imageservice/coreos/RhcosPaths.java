package org.assisted.imageservice.coreos;

/**
 * The paths of the files in an RHCOS live ISO that the service serves, edits or checks, and the architecture
 * names that decide between them, written once (docs/upstream-behaviour.md describes what each file is for). ISO
 * paths are absolute, as the ISO reader looks them up; {@link #treePath} gives the relative form the ISO writer's
 * tree uses.
 */
public final class RhcosPaths {

    /** The architecture assumed when a request names none. */
    public static final String DEFAULT_ARCH = "x86_64";
    /** IBM Z: its images have a differently named kernel, an {@code initrd.addrsize} file and a {@code generic.ins}. */
    public static final String S390X = "s390x";

    /** The live root filesystem, which the minimal ISO leaves out and fetches from a URL instead. */
    public static final String ROOTFS_PATH = "/images/pxeboot/rootfs.img";
    /** The PXE kernel. */
    public static final String KERNEL_PATH = "/images/pxeboot/vmlinuz";
    /** The kernel's name in s390x images. */
    public static final String S390X_KERNEL_PATH = "/images/pxeboot/kernel.img";
    /** The PXE initrd. */
    public static final String INITRD_PATH = "/images/pxeboot/initrd.img";
    /** The s390x file holding the initrd's load address and size. */
    public static final String ADDRSIZE_PATH = "/images/initrd.addrsize";
    /** The reserved area the assisted installer's ramdisk (network settings) is embedded into. */
    public static final String RAMDISK_PATH = "/images/assisted_installer_custom.img";
    /** The nmstate archive the minimal ISO adds as a second initrd. */
    public static final String NMSTATE_PATH = "/images/nmstate.img";
    /** Where the ignition embed area lies, when the image says. */
    public static final String IGNINFO_PATH = "/coreos/igninfo.json";
    /** The ignition embed area of images without {@link #IGNINFO_PATH}. */
    public static final String DEFAULT_IGNITION_PATH = "/images/ignition.img";
    /** Where the kernel-argument embed areas lie and what the default arguments are. */
    public static final String KARGS_JSON_PATH = "/coreos/kargs.json";
    /** The UEFI GRUB configuration. */
    public static final String GRUB_CONFIG_PATH = "/EFI/redhat/grub.cfg";
    /** The BIOS isolinux configuration. */
    public static final String ISOLINUX_CONFIG_PATH = "/isolinux/isolinux.cfg";

    private RhcosPaths() {
    }

    /** @return {@code isoPath} without its leading {@code /}, as a path in the ISO writer's tree */
    public static String treePath(String isoPath) {
        if (!isoPath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute ISO path: " + isoPath);
        }
        return isoPath.substring(1);
    }
}
