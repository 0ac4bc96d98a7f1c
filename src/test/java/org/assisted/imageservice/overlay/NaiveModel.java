package org.assisted.imageservice.overlay;

import java.util.Arrays;
import java.util.List;

/** Byte-array oracle for {@link OverlayPlan}: materialises the content, or says the layout is invalid. */
public final class NaiveModel {

    private NaiveModel() {
    }

    /**
     * The content of a window of {@code file} with {@code overlays} applied, or {@code null} if a
     * non-empty overlay overlaps another, any overlay has a negative offset, or some position below
     * the content length is covered neither by the window nor by an overlay (zero-length overlays
     * must lie within {@code [0, length]}).
     */
    public static byte[] content(byte[] file, int baseOffset, int baseLength, List<Overlay> overlays) {
        int length = baseLength;
        for (Overlay overlay : overlays) {
            if (overlay.offset() < 0) {
                return null;
            }
            length = (int) Math.max(length, overlay.end());
        }
        byte[] content = new byte[length];
        int[] writers = new int[length];
        System.arraycopy(file, baseOffset, content, 0, baseLength);
        Arrays.fill(writers, 0, baseLength, 1);
        for (Overlay overlay : overlays) {
            if (overlay.offset() > length) {
                return null;
            }
            for (int i = 0; i < overlay.bytes().length; i++) {
                int position = (int) overlay.offset() + i;
                if (writers[position] > 1 || (writers[position] == 1 && position >= baseLength)) {
                    return null;
                }
                writers[position] = position < baseLength ? 2 : 1;
                content[position] = overlay.bytes()[i];
            }
        }
        for (int writer : writers) {
            if (writer == 0) {
                return null;
            }
        }
        return content;
    }
}
