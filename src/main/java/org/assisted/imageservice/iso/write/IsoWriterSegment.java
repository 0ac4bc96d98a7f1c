package org.assisted.imageservice.iso.write;

/**
 * Content placed at a byte offset of the written image; bytes between segments are zeros.
 *
 * @param offset  byte offset in the image
 * @param content what is written there
 */
record IsoWriterSegment(long offset, IsoTreeContent content) {

    long end() {
        return offset + content.size();
    }
}
