package org.assisted.imageservice.minimal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoEntry;
import org.assisted.imageservice.iso.IsoFileSystem;
import org.assisted.imageservice.iso.IsoSectors;
import org.assisted.imageservice.iso.VolumeDescriptors;
import org.assisted.imageservice.iso.eltorito.BootCatalog;
import org.assisted.imageservice.iso.eltorito.BootEntry;
import org.assisted.imageservice.iso.eltorito.BootInfoTable;
import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.eltorito.ElToritoCatalog;
import org.assisted.imageservice.iso.eltorito.ElToritoEntry;
import org.assisted.imageservice.iso.write.IsoWriterSystemArea;

/**
 * The boot setup of a minimal-ISO template, taken from its base image: the El Torito catalog with the same entries
 * in the same order (docs/upstream-behaviour.md#minimal-iso-el-torito), and the System Area, whose isohybrid MBR/GPT
 * the writer rewrites for the new layout.
 */
final class MinimalIsoTemplateBoot {

    private static final int TABLE_FIELDS_BYTES = 12;

    private MinimalIsoTemplateBoot() {
    }

    /**
     * Entries keep platform, media type, load segment and system type. EFI images get the load size of
     * {@link ElToritoEntry#efiLoadSectors}, others keep the base's. An entry whose image holds a boot info table
     * matching its base location is patched again. The catalog stays visible at its path if the base records it
     * in a directory, else it is hidden.
     *
     * @return the El Torito setup, empty when the base has none
     * @throws MinimalIsoException if a boot image is not a file of the base's tree
     */
    static Optional<ElToritoBoot> elTorito(IsoFileSystem base, ImageReader reader) throws IOException,
            MinimalIsoException {
        if (base.bootCatalogSector().isEmpty()) {
            return Optional.empty();
        }
        BootCatalog catalog = ElToritoCatalog.read(reader, base.bootCatalogSector().getAsLong());
        Map<Long, IsoEntry> filesByOffset = new HashMap<>();
        base.entries().stream().filter(e -> !e.directory() && e.size() > 0)
                .forEach(e -> filesByOffset.putIfAbsent(e.offset(), e));
        List<ElToritoEntry> entries = new ArrayList<>();
        for (BootEntry entry : catalog.entries()) {
            IsoEntry image = filesByOffset.get(entry.imageOffset());
            if (image == null) {
                throw new MinimalIsoException("El Torito boot image at sector " + entry.imageSector()
                        + " is not a file of the base ISO");
            }
            int loadSectors = entry.platformId() == ElToritoEntry.PLATFORM_EFI
                    ? ElToritoEntry.efiLoadSectors(image.size()) : entry.sectorCount();
            entries.add(new ElToritoEntry(entry.platformId(), entry.mediaType(), entry.loadSegment(),
                    entry.systemType(), loadSectors, relative(image.path()), hasBootInfoTable(reader, image)));
        }
        Optional<String> catalogPath = catalogPath(base, catalog);
        return Optional.of(new ElToritoBoot(catalogPath, entries));
    }

    /** Path of the file whose extent is the catalog, without leading slash. */
    static Optional<String> catalogPath(IsoFileSystem base, BootCatalog catalog) {
        return base.entries().stream().filter(e -> !e.directory() && e.size() > 0 && e.offset() == catalog.offset())
                .map(e -> relative(e.path())).findFirst();
    }

    /** The base's first 32 KiB; an isohybrid MBR/GPT in it is rewritten by the writer, anything else kept. */
    static IsoWriterSystemArea systemArea(IsoLayout base, ImageReader reader) throws IOException {
        byte[] area = reader.read(0, IsoWriterSystemArea.SYSTEM_AREA_BYTES, "system area");
        return IsoWriterSystemArea.hybrid(area, base.path(), base.size());
    }

    /** Whether bytes 8–19 hold the {@link BootInfoTable} fields for the image's place in the base. */
    private static boolean hasBootInfoTable(ImageReader reader, IsoEntry image) throws IOException {
        if (image.size() < BootInfoTable.CHECKSUM_START) {
            return false;
        }
        ByteBuffer table = ByteBuffer.wrap(reader.read(image.offset() + BootInfoTable.OFFSET, TABLE_FIELDS_BYTES,
                "boot info table of " + image.path())).order(ByteOrder.LITTLE_ENDIAN);
        return Integer.toUnsignedLong(table.getInt(0)) == VolumeDescriptors.FIRST_SECTOR
                && Integer.toUnsignedLong(table.getInt(4)) * IsoSectors.SECTOR_BYTES == image.offset()
                && Integer.toUnsignedLong(table.getInt(8)) == image.size();
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
