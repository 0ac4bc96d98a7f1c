package org.assisted.imageservice.iso.eltorito;

import java.util.List;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * An El Torito boot catalog (El Torito 1.0 §2): its location and its boot entries in catalog order
 * (the initial/default entry first, then the entries of each section).
 *
 * @param sector  logical sector of the catalog, from the boot record volume descriptor (byte 71)
 * @param entries boot entries, in catalog order
 */
public record BootCatalog(long sector, List<BootEntry> entries) {

    public BootCatalog {
        entries = List.copyOf(entries);
    }

    /** @return byte offset of the catalog from the start of the ISO */
    public long offset() {
        return IsoSectors.offset(sector);
    }
}
