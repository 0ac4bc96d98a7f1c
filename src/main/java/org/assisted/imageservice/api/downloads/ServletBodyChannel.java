package org.assisted.imageservice.api.downloads;

import jakarta.servlet.ServletOutputStream;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.assisted.imageservice.http.BodyChannel;

/** The container's stream as a blocking channel that is never closed here (the container closes it). */
public final class ServletBodyChannel implements BodyChannel {

    private final ServletOutputStream out;

    public ServletBodyChannel(ServletOutputStream out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        out.write(source);
        return length;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // the container closes its stream
    }
}
