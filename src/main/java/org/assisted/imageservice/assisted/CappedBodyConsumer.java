package org.assisted.imageservice.assisted;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/** Buffers a response body in memory, failing the exchange as soon as it would exceed {@code maxBodyBytes}. */
final class CappedBodyConsumer extends AbstractBinResponseConsumer<UpstreamResponse> {

    private static final int CAPACITY_INCREMENT_BYTES = 64 * 1024;

    private final long maxBodyBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private HttpResponse response;

    CappedBodyConsumer(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws BodyTooLargeException {
        this.response = response;
        Header contentLength = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && declaredLength(contentLength.getValue()) > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
    }

    @Override
    protected int capacityIncrement() {
        return CAPACITY_INCREMENT_BYTES;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws BodyTooLargeException {
        if ((long) body.size() + src.remaining() > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        byte[] chunk = new byte[src.remaining()];
        src.get(chunk);
        body.writeBytes(chunk);
    }

    @Override
    protected UpstreamResponse buildResult() {
        Header lastModified = response.getFirstHeader(HttpHeaders.LAST_MODIFIED);
        return new UpstreamResponse(response.getCode(), lastModified == null ? null : lastModified.getValue(),
                body.toByteArray());
    }

    @Override
    public void releaseResources() {
        body.reset();
    }

    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
