package org.assisted.imageservice.iso.eltorito;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * El Torito setup of an image: the boot catalog (one 2048-byte block) and its entries, in catalog order.
 * The first entry becomes the initial/default entry; each following run of entries with the same platform
 * becomes a section (header {@code 0x90}, {@code 0x91} for the last).
 *
 * @param catalogPath tree path of a visible catalog (e.g. {@code isolinux/boot.cat}); the tree must hold a file
 *                    there, whose attributes are kept and whose content is replaced by the catalog.
 *                    Empty for a hidden catalog, recorded in no directory.
 * @param entries     one to 31 entries
 */
public record ElToritoBoot(Optional<String> catalogPath, List<ElToritoEntry> entries) {

    /** Entries that fit in one catalog block: 2 for validation and initial entry, 2 per further entry. */
    static final int MAX_ENTRIES = 31;

    public ElToritoBoot {
        Objects.requireNonNull(catalogPath, "catalogPath");
        entries = List.copyOf(entries);
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("El Torito needs 1.." + MAX_ENTRIES + " entries, got " + entries.size());
        }
    }

    public static ElToritoBoot visible(String catalogPath, List<ElToritoEntry> entries) {
        return new ElToritoBoot(Optional.of(catalogPath), entries);
    }

    public static ElToritoBoot hidden(List<ElToritoEntry> entries) {
        return new ElToritoBoot(Optional.empty(), entries);
    }
}
