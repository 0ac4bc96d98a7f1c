package org.assisted.imageservice.http;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** A blocking response channel that can also push what it holds to the client. */
public interface BodyChannel extends WritableByteChannel {

    /** Blocks until every byte written so far has left the container's buffers. */
    void flush() throws IOException;
}
