package org.assisted.imageservice.iso.write;

import java.util.Objects;
import java.util.Optional;

import org.assisted.imageservice.iso.eltorito.ElToritoBoot;

/**
 * Everything {@link IsoWriter#layout} needs. The tree is read during layout only; do not change it afterwards.
 *
 * @param tree       directories and files
 * @param volume     PVD identifiers
 * @param dates      PVD dates
 * @param boot       El Torito setup, empty for a non-bootable image
 * @param systemArea the first 32 KiB
 */
public record IsoWriterRequest(IsoTree tree, IsoWriterVolume volume, IsoWriterDates dates,
                               Optional<ElToritoBoot> boot, IsoWriterSystemArea systemArea) {

    public IsoWriterRequest {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(dates, "dates");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(systemArea, "systemArea");
    }
}
