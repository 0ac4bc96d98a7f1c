package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.Path;

import org.assisted.imageservice.iso.IsoPrimaryVolume;

/**
 * The size an ISO 9660 image declares for itself (ECMA-119 §8.4): volume space size × logical block size of the
 * primary volume descriptor in sector 16 ({@link IsoPrimaryVolume#readFirst}). Used to detect truncated downloads
 * that came without Content-Length.
 */
final class IsoVolumeSize {

    private IsoVolumeSize() {
    }

    static long read(Path iso) throws IOException {
        IsoPrimaryVolume pvd = IsoPrimaryVolume.readFirst(iso);
        return pvd.volumeSpaceSize() * pvd.logicalBlockSize();
    }
}
