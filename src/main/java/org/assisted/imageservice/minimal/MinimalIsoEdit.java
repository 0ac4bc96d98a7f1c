package org.assisted.imageservice.minimal;

/**
 * One text replacement: characters {@code [start, end)} of the content before the edit became
 * {@code replacement}. Offsets are char indices; decode configs as ISO-8859-1 so that they equal byte offsets.
 *
 * @param start       first replaced offset
 * @param end         offset after the replaced range ({@code start} for an insertion)
 * @param replacement the new text
 */
public record MinimalIsoEdit(int start, int end, String replacement) {

    /** Length change caused by the edit. */
    public int delta() {
        return replacement.length() - (end - start);
    }

    /**
     * Where a byte at {@code offset} of the old content lies after the edit
     * (docs/upstream-behaviour.md#minimal-iso-kargs-update): shifted when the edit ends at or before it, unchanged when
     * it starts at or after it.
     *
     * @throws MinimalIsoException {@code replacement spans across embed area boundary} when the edit straddles it
     */
    public long shift(long offset) throws MinimalIsoException {
        if (end <= offset) {
            return offset + delta();
        }
        if (start < offset) {
            throw new MinimalIsoException("replacement spans across embed area boundary");
        }
        return offset;
    }
}
