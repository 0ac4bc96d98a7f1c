package org.assisted.imageservice.api.downloads;

import java.util.Arrays;
import java.util.Optional;

import org.assisted.imageservice.coreos.RhcosPaths;

/**
 * The files {@code /boot-artifacts/{artifact}} serves from the full ISO
 * (docs/upstream-behaviour.md#boot-artifact-files). ISO paths and download names are constants: nothing from the
 * request becomes a path.
 */
public enum BootArtifact {
    ROOTFS("rootfs", RhcosPaths.ROOTFS_PATH, null, "rootfs.img"),
    KERNEL("kernel", RhcosPaths.KERNEL_PATH, RhcosPaths.S390X_KERNEL_PATH, "vmlinuz"),
    INS_FILE("ins-file", "/generic.ins", null, "generic.ins");

    private final String wireName;
    private final String isoPath;
    private final String s390xFallback;
    private final String fileName;

    BootArtifact(String wireName, String isoPath, String s390xFallback, String fileName) {
        this.wireName = wireName;
        this.isoPath = isoPath;
        this.s390xFallback = s390xFallback;
        this.fileName = fileName;
    }

    public static Optional<BootArtifact> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
    }

    /** The URL segment, also the metrics label suffix. */
    String wireName() {
        return wireName;
    }

    public String isoPath() {
        return isoPath;
    }

    /** Looked up on s390x when {@link #isoPath()} is missing. */
    public Optional<String> s390xFallback() {
        return Optional.ofNullable(s390xFallback);
    }

    /** The {@code Content-Disposition} name, the same whichever ISO path was served. */
    public String fileName() {
        return fileName;
    }
}
