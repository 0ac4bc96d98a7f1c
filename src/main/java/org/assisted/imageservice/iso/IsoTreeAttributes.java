package org.assisted.imageservice.iso;

import java.time.Instant;
import java.util.Objects;

/**
 * POSIX attributes recorded for a tree entry in Rock Ridge {@code PX} and {@code TF} entries (RRIP 1.10 §4.1.1, §4.1.6).
 *
 * @param mode     permission bits only ({@code 07777}); the writer adds the file-type bits
 * @param uid      owner user id
 * @param gid      owner group id
 * @param modified modification time, also used as the ISO 9660 recording date (§9.1.5)
 * @param accessed last access time
 * @param changed  attribute change time
 */
public record IsoTreeAttributes(int mode, long uid, long gid, Instant modified, Instant accessed, Instant changed) {

    private static final int PERMISSION_BITS = 07777;
    private static final long MAX_ID = 0xFFFF_FFFFL;

    public IsoTreeAttributes {
        if ((mode & ~PERMISSION_BITS) != 0) {
            throw new IllegalArgumentException("mode must hold permission bits only: " + Integer.toOctalString(mode));
        }
        if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
            throw new IllegalArgumentException("uid/gid out of 32-bit range: " + uid + "/" + gid);
        }
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(accessed, "accessed");
        Objects.requireNonNull(changed, "changed");
    }

    /** Attributes with one time for modification, access and change. */
    public static IsoTreeAttributes of(int mode, long uid, long gid, Instant time) {
        return new IsoTreeAttributes(mode, uid, gid, time, time, time);
    }
}
