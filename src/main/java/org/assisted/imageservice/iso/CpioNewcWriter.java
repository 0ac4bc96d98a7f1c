package org.assisted.imageservice.iso;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes "newc" cpio archives (magic {@code 070701}; format of the Linux initramfs, kernel
 * {@code Documentation/driver-api/early-userspace/buffer-format.rst}) deterministically: inodes numbered from 1 in
 * entry order, uid/gid/mtime/devices 0, nlink 1, lower-case hex fields, header+name and data each padded with
 * NULs to a multiple of 4 bytes, then the {@code TRAILER!!!} entry. No padding to a block size.
 */
public final class CpioNewcWriter {

    private static final String MAGIC = "070701";
    private static final int HEADER_BYTES = 110;
    private static final int ALIGNMENT_BYTES = 4;
    private static final String TRAILER = "TRAILER!!!";

    private CpioNewcWriter() {
    }

    /**
     * Writes the archive to {@code out}, which is neither flushed nor closed.
     *
     * @param entries regular files, in archive order
     */
    public static void write(List<CpioEntry> entries, OutputStream out) throws IOException {
        long written = 0;
        for (int i = 0; i < entries.size(); i++) {
            CpioEntry entry = entries.get(i);
            written = writeEntry(out, written, i + 1, entry.mode(), entry.name(), entry.data());
        }
        writeEntry(out, written, 0, 0, TRAILER, new byte[0]);
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

    private static long writeEntry(OutputStream out, long written, int inode, int mode, String name, byte[] data)
            throws IOException {
        byte[] nameBytes = (name + '\0').getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder(HEADER_BYTES).append(MAGIC);
        long[] fields = {inode, mode & 0xffffffffL, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0};
        for (long field : fields) {
            header.append(String.format("%08x", field));
        }
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(nameBytes);
        long position = written + HEADER_BYTES + nameBytes.length;
        position = pad(out, position);
        out.write(data);
        return pad(out, position + data.length);
    }

    private static long pad(OutputStream out, long position) throws IOException {
        int padding = (int) ((ALIGNMENT_BYTES - position % ALIGNMENT_BYTES) % ALIGNMENT_BYTES);
        out.write(new byte[padding]);
        return position + padding;
    }
}
