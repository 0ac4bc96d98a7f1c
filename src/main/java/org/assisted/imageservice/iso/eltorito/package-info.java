/**
 * El Torito boot records (El Torito 1.0): the boot catalog read from an image and encoded for a written one, its
 * entries, and the boot info table of no-emulation images.
 * <p>May import: {@code iso}.
 */
package org.assisted.imageservice.iso.eltorito;
