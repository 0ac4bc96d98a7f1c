package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.io.OutputStream;

/** Discards what is written but fails past a cap, so a corrupt huge file size cannot stream for minutes. */
public final class CappedSink extends OutputStream {

    /** The cap was reached: the reader was still producing output. */
    public static final class LimitReached extends IOException {
        LimitReached(long maxBytes) {
            super("more than " + maxBytes + " bytes");
        }
    }

    private final long maxBytes;
    private long written;

    public CappedSink(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > maxBytes) {
            throw new LimitReached(maxBytes);
        }
    }
}
