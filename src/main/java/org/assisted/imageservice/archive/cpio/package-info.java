/**
 * The cpio "newc" format (the Linux initramfs format, docs/upstream-behaviour.md): its header layout, magic,
 * trailer and padding in one codec ({@link org.assisted.imageservice.archive.cpio.CpioNewcHeader}) that the
 * archive writer and the rootfs reader share. Imports the JDK only.
 */
package org.assisted.imageservice.archive.cpio;
