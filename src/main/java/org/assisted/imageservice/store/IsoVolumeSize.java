package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The size an ISO 9660 image declares for itself (ECMA-119 §8.4): volume space size (both-endian u32 at PVD
 * byte 80) × logical block size (both-endian u16 at PVD byte 128); the PVD is sector 16 (offset 32768).
 * Used to detect truncated downloads that came without Content-Length.
 */
final class IsoVolumeSize {
    private static final long PVD_OFFSET = 16L * 2048;
    private static final int PVD_HEADER_BYTES = 136;
    private static final int VOLUME_SPACE_SIZE_OFFSET = 80;
    private static final int LOGICAL_BLOCK_SIZE_OFFSET = 128;

    private IsoVolumeSize() {
    }

    static long read(Path iso) throws IOException {
        ByteBuffer pvd = ByteBuffer.allocate(PVD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(iso)) {
            while (pvd.hasRemaining()) {
                if (ch.read(pvd, PVD_OFFSET + pvd.position()) < 0) {
                    throw new IOException(iso + " is too short to hold an ISO 9660 primary volume descriptor");
                }
            }
        }
        String magic = new String(pvd.array(), 1, 5, StandardCharsets.US_ASCII);
        if (pvd.get(0) != 1 || !"CD001".equals(magic)) {
            throw new IOException(iso + " has no ISO 9660 primary volume descriptor at offset " + PVD_OFFSET);
        }
        long blocks = Integer.toUnsignedLong(pvd.getInt(VOLUME_SPACE_SIZE_OFFSET));
        long blockSize = Short.toUnsignedLong(pvd.getShort(LOGICAL_BLOCK_SIZE_OFFSET));
        return blocks * blockSize;
    }
}
