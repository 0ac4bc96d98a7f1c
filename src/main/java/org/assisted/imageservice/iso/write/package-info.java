/**
 * Writing ISO 9660 images with Rock Ridge and El Torito ({@code IsoWriter}): the tree to write, its layout,
 * directory records, volume descriptors, the isohybrid System Area (MBR and GPT). Used to re-master minimal ISOs
 * and, in tests, to make fixtures.
 * <p>May import: {@code io}, {@code iso}, {@code iso.eltorito}.
 */
package org.assisted.imageservice.iso.write;
