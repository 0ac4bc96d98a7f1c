/**
 * Reading ISO 9660 images (ECMA-119) with Rock Ridge: volume descriptors, the directory tree, file extents and
 * their POSIX attributes, sector arithmetic ({@code IsoSectors}) and bounds-checked positional reads
 * ({@code ImageReader}). El Torito is in {@code iso.eltorito}, writing in {@code iso.write}.
 * <p>May import: {@code io}.
 */
package org.assisted.imageservice.iso;
