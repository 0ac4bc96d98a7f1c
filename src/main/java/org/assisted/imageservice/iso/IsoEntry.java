package org.assisted.imageservice.iso;

import java.util.OptionalInt;


/**
 * A file or directory of an ISO 9660 image, as listed by {@link IsoFileSystem#entries()}.
 *
 * @param path       absolute path with Rock Ridge names (ISO 9660 names without {@code ;1} where an entry has none)
 * @param directory  whether the entry is a directory (ECMA-119 §9.1.6 flag bit 1)
 * @param offset     byte offset of the extent from the start of the image
 * @param size       data length in bytes
 * @param mode       Rock Ridge {@code PX} file mode (RRIP 1.12 §4.1.1, POSIX {@code st_mode} incl. type bits), if recorded
 * @param attributes what re-mastering the entry needs: {@code PX} permission bits, uid and gid (without
 *                   {@code PX}: 0555 for directories, 0444 for files, owner 0), {@code TF} modify/access/change
 *                   times (RRIP 1.12 §4.1.6), each falling back to the directory record's recording date (ECMA-119
 *                   §9.1.5), else the epoch
 */
public record IsoEntry(String path, boolean directory, long offset, long size, OptionalInt mode,
                       IsoTreeAttributes attributes) {

    /** @return this entry as a file location */
    public IsoFile toFile() {
        return new IsoFile(path, offset, size);
    }
}
