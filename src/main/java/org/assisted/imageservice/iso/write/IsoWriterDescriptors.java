package org.assisted.imageservice.iso.write;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.assisted.imageservice.iso.IsoPrimaryVolume;
import org.assisted.imageservice.iso.IsoSectors;
import org.assisted.imageservice.iso.VolumeDescriptors;

/** Volume descriptors (ECMA-119 §8): primary, El Torito boot record (El Torito 1.0 §2.0), terminator. */
final class IsoWriterDescriptors {

    private static final byte[] STANDARD_ID = VolumeDescriptors.STANDARD_ID.getBytes(StandardCharsets.US_ASCII);

    /** Where the path tables are and how long they are, in sectors and bytes. */
    record PathTables(long lSector, long mSector, long size) {
    }

    private IsoWriterDescriptors() {
    }

    /**
     * @param rootRecord    the root directory's "." record (34 bytes)
     * @param volumeSectors volume space size (§8.4.8), in 2048-byte sectors
     */
    static byte[] primary(IsoWriterVolume volume, IsoWriterDates dates, byte[] rootRecord, long volumeSectors,
                          PathTables pathTables) {
        byte[] pvd = header(VolumeDescriptors.TYPE_PRIMARY);
        IsoWriterFields.putPadded(pvd, 8, 32, volume.systemId(), "system identifier");
        IsoWriterFields.putPadded(pvd, 40, 32, volume.volumeId(), "volume identifier");
        IsoWriterFields.putBoth32(pvd, 80, volumeSectors);
        IsoWriterFields.putBoth16(pvd, 120, 1);
        IsoWriterFields.putBoth16(pvd, 124, 1);
        IsoWriterFields.putBoth16(pvd, 128, IsoSectors.SECTOR_BYTES);
        IsoWriterFields.putBoth32(pvd, 132, pathTables.size());
        IsoWriterFields.put32(pvd, 140, pathTables.lSector(), ByteOrder.LITTLE_ENDIAN);
        IsoWriterFields.put32(pvd, 148, pathTables.mSector(), ByteOrder.BIG_ENDIAN);
        System.arraycopy(rootRecord, 0, pvd, IsoPrimaryVolume.ROOT_RECORD, rootRecord.length);
        IsoWriterFields.putPadded(pvd, 190, 128, volume.volumeSetId(), "volume set identifier");
        IsoWriterFields.putPadded(pvd, 318, 128, volume.publisherId(), "publisher identifier");
        IsoWriterFields.putPadded(pvd, 446, 128, volume.preparerId(), "data preparer identifier");
        IsoWriterFields.putPadded(pvd, 574, 128, volume.applicationId(), "application identifier");
        IsoWriterFields.putPadded(pvd, 702, 3 * 37, "", "file identifiers");
        IsoWriterFields.putDate17(pvd, 813, dates.created());
        IsoWriterFields.putDate17(pvd, 830, dates.modified());
        IsoWriterFields.putDate17(pvd, 847, dates.expires());
        IsoWriterFields.putDate17(pvd, 864, dates.effective());
        pvd[881] = 1;
        return pvd;
    }

    /** Boot record pointing at the catalog's sector. */
    static byte[] bootRecord(long catalogSector) {
        byte[] record = header(VolumeDescriptors.TYPE_BOOT_RECORD);
        byte[] systemId = VolumeDescriptors.EL_TORITO_ID.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(systemId, 0, record, 7, systemId.length);
        IsoWriterFields.put32(record, VolumeDescriptors.BOOT_CATALOG_POINTER, catalogSector, ByteOrder.LITTLE_ENDIAN);
        return record;
    }

    static byte[] terminator() {
        return header(VolumeDescriptors.TYPE_TERMINATOR);
    }

    private static byte[] header(int type) {
        byte[] descriptor = new byte[IsoSectors.SECTOR_BYTES];
        descriptor[0] = (byte) type;
        System.arraycopy(STANDARD_ID, 0, descriptor, 1, STANDARD_ID.length);
        descriptor[6] = 1;
        return descriptor;
    }
}
