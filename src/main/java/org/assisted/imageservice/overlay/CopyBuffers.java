package org.assisted.imageservice.overlay;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Lends {@link OverlayPlan#copy} a buffer for each chunk it reads and writes. A lender may hand out the same buffer
 * every time (one buffer per copy) or take it from a shared pool and do work between chunks (the download path
 * flushes the socket before taking the next buffer, so that no pooled buffer waits on a slow client).
 */
public interface CopyBuffers {

    /** The buffer for the next chunk; its contents are overwritten. */
    ByteBuffer take() throws IOException;

    /** Gives back the buffer that {@link #take} returned, once its chunk is written. */
    void give(ByteBuffer buffer);

    /** The same buffer for every chunk. */
    static CopyBuffers of(ByteBuffer buffer) {
        return new CopyBuffers() {
            @Override
            public ByteBuffer take() {
                return buffer;
            }

            @Override
            public void give(ByteBuffer returned) {
                // owned by the caller
            }
        };
    }
}
