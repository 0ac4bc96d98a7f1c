package org.assisted.imageservice.bench.plain;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark's reference servlet: answers every GET with the whole file named by the context
 * parameter {@code file}, copied from a {@link FileChannel} to the response stream with one heap
 * buffer of {@link #BUFFER_BYTES} and positional reads. No Range, no conditionals, no framework:
 * the cheapest copy loop an application would write. {@code ?mode=direct} copies through a direct
 * buffer with {@code ServletOutputStream.write(ByteBuffer)} instead, for comparison.
 */
public final class PlainCopyServlet extends HttpServlet {

    private static final int BUFFER_BYTES = 256 * 1024;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Path file = Path.of(getServletContext().getInitParameter("file"));
        boolean direct = "direct".equals(request.getParameter("mode"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(size);
            if (direct) {
                copyDirect(channel, size, response);
            } else {
                copyHeap(channel, size, response.getOutputStream());
            }
        }
    }

    private static void copyHeap(FileChannel channel, long size, OutputStream out) throws IOException {
        byte[] array = new byte[BUFFER_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(array);
        for (long position = 0; position < size; ) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("file shrank at offset " + position);
            }
            out.write(array, 0, read);
            position += read;
        }
    }

    private static void copyDirect(FileChannel channel, long size, HttpServletResponse response) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        for (long position = 0; position < size; ) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("file shrank at offset " + position);
            }
            buffer.flip();
            response.getOutputStream().write(buffer);
            position += read;
        }
    }
}
