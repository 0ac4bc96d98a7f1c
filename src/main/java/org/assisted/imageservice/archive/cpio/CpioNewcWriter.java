package org.assisted.imageservice.archive.cpio;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes "newc" cpio archives ({@link CpioNewcHeader}; format of the Linux initramfs, kernel
 * {@code Documentation/driver-api/early-userspace/buffer-format.rst}) deterministically: inodes numbered from 1 in
 * entry order, uid/gid/mtime/devices 0, nlink 1, lower-case hex fields, header+name and data each padded with
 * NULs to a multiple of 4 bytes, then the {@code TRAILER!!!} entry. No padding to a block size.
 *
 * <p>One instance writes one archive to a stream it never flushes or closes; members are either held in memory
 * ({@link CpioEntry}) or streamed with their exact size.
 */
public final class CpioNewcWriter {

    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;
    private boolean finished;

    public CpioNewcWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes the archive to {@code out}, which is neither flushed nor closed.
     *
     * @param entries regular files, in archive order
     */
    public static void write(List<CpioEntry> entries, OutputStream out) throws IOException {
        CpioNewcWriter writer = new CpioNewcWriter(out);
        for (CpioEntry entry : entries) {
            writer.add(entry);
        }
        writer.finish();
    }

    /** @return the archive as bytes */
    public static byte[] toBytes(List<CpioEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(entries, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Appends a regular file held in memory. */
    public void add(CpioEntry entry) throws IOException {
        header(nextInode++, entry.mode(), entry.name(), entry.data().length);
        out.write(entry.data());
        written += entry.data().length;
        pad();
    }

    /**
     * Appends a regular file streamed from {@code data}, which must hold exactly {@code size} bytes.
     *
     * @param name as {@link CpioEntry#name()}
     * @param mode as {@link CpioEntry#mode()}
     * @throws EOFException if {@code data} ends early
     * @throws IOException  if {@code data} holds more than {@code size} bytes or {@code size} exceeds 4 GiB - 1
     */
    public void add(String name, int mode, long size, InputStream data) throws IOException {
        CpioEntry.checkName(name);
        if (size < 0 || size > CpioNewcHeader.MAX_FIELD_VALUE) {
            throw new IOException("cpio member " + name + " of " + size + " bytes does not fit a newc size field");
        }
        header(nextInode++, mode, name, size);
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, size))];
        long left = size;
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("cpio member " + name + " ended after " + (size - left) + " of " + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (data.read() >= 0) {
            throw new IOException("cpio member " + name + " is longer than the declared " + size + " bytes");
        }
        written += size;
        pad();
    }

    /** Writes the trailer entry; later calls do nothing. */
    public void finish() throws IOException {
        if (!finished) {
            header(0, 0, CpioNewcHeader.TRAILER, 0);
            pad();
            finished = true;
        }
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    private void header(int inode, int mode, String name, long size) throws IOException {
        if (finished) {
            throw new IllegalStateException("cpio archive already finished");
        }
        byte[] nameBytes = (name + '\0').getBytes(StandardCharsets.UTF_8);
        out.write(CpioNewcHeader.encode(inode, mode & 0xffffffffL, 1, size, nameBytes.length));
        out.write(nameBytes);
        written += CpioNewcHeader.HEADER_BYTES + nameBytes.length;
        pad();
    }

    private void pad() throws IOException {
        int padding = (int) (CpioNewcHeader.align(written) - written);
        out.write(new byte[padding]);
        written += padding;
    }
}
