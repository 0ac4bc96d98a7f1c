/**
 * Minimal ISOs (docs/upstream-behaviour.md#minimal-iso): the template re-mastered from a full ISO without its
 * rootfs, with the boot-config, kernel-argument and rootfs-URL edits upstream makes.
 * <p>May import: {@code coreos}, {@code io}, {@code iso}, {@code iso.eltorito}, {@code iso.write}, {@code json}.
 */
package org.assisted.imageservice.minimal;
