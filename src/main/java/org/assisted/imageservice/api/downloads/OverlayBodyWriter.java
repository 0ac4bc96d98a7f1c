package org.assisted.imageservice.api.downloads;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import org.assisted.imageservice.http.OverlayStreamingOutput;

/**
 * Writes download bodies to the container's {@code ServletOutputStream.write(ByteBuffer)} (Servlet
 * 6.1), so the direct read buffer reaches Tomcat's socket buffer without passing through a Java
 * array: Jersey's entity stream only takes arrays. An empty write through Jersey's stream makes Jersey
 * hand the status and headers it holds to the servlet response; when that response then carries the
 * body's {@code Content-Length}, the bytes are written past Jersey, else (a Jersey that buffers)
 * through its stream; so too outside a servlet container (Jersey's in-memory test container), where there is no
 * servlet response. The bytes are the same either way. Nothing is flushed here: Tomcat sends the
 * headers with the first body bytes, in one write for a small response.
 */
public final class OverlayBodyWriter implements MessageBodyWriter<OverlayStreamingOutput> {

    private static final byte[] NOTHING = new byte[0];
    private static final String CONTENT_LENGTH = "Content-Length";

    /** A per-request proxy: every call costs a lookup, so it is called twice per body. Null without a servlet. */
    @Context
    private HttpServletResponse response;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return OverlayStreamingOutput.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(OverlayStreamingOutput body, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        if (body.contentLength() == 0) {
            return;
        }
        entityStream.write(NOTHING, 0, 0);
        if (response != null && Long.toString(body.contentLength()).equals(response.getHeader(CONTENT_LENGTH))) {
            body.write(new ServletBodyChannel(response.getOutputStream()));
        } else {
            body.write(entityStream);
        }
    }
}
