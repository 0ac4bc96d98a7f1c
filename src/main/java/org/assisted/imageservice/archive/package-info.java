/**
 * Archives in the form the Linux initramfs reads: {@code InitrdArchive} is a gzip'd newc cpio padded to 4 bytes,
 * the shape of every archive this service appends to an initrd or embeds in an ISO. The formats themselves are in
 * {@code archive.cpio} and {@code archive.gzip}.
 * <p>May import: {@code archive.cpio}, {@code archive.gzip}.
 */
package org.assisted.imageservice.archive;
