package org.assisted.imageservice.iso.write;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a file's bytes come from. Content is referenced, never loaded: an {@link Extent} is copied from its
 * file while the image is written; {@link Bytes} are small in-memory contents (edited configs, new files).
 */
public sealed interface IsoTreeContent {

    /** Content length in bytes. */
    long size();

    /** A byte range of an existing file, typically a file extent of the base ISO. */
    static IsoTreeContent extent(Path file, long offset, long size) {
        return new Extent(file, offset, size);
    }

    /** In-memory content; the array is not copied and must not change afterwards. */
    static IsoTreeContent bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    /**
     * Bytes {@code [offset, offset + size)} of {@code file}.
     *
     * @param file   source file (opened only while writing)
     * @param offset byte offset in the source file
     * @param size   length in bytes
     */
    record Extent(Path file, long offset, long size) implements IsoTreeContent {
        public Extent {
            Objects.requireNonNull(file, "file");
            if (offset < 0 || size < 0) {
                throw new IllegalArgumentException("negative extent offset/size: " + offset + "/" + size);
            }
        }
    }

    /** In-memory content. */
    record Bytes(byte[] bytes) implements IsoTreeContent {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }
}
