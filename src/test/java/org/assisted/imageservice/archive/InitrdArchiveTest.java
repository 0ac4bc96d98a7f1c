package org.assisted.imageservice.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.assisted.imageservice.archive.cpio.CpioEntry;
import org.assisted.imageservice.archive.cpio.CpioNewcWriter;
import org.assisted.imageservice.archive.gzip.GzipMember;
import org.assisted.imageservice.archive.gzip.StoredGzipOutputStream;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitrdArchiveTest {

    private static final String NAME = "/usr/bin/nmstatectl";
    private static final int MODE = 0100755;

    /** Sizes around the stored-block boundary (65,535 bytes of gzip payload, which includes the cpio header). */
    @OracleTest
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 65_535 - 128 - 124, 65_535 - 128 - 124 + 1, 65_535, 131_070, 200_001})
    void streamingWriteEqualsTheInMemoryArchive(int size) throws IOException {
        byte[] data = random(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = InitrdArchive.write(NAME, MODE, size, new ByteArrayInputStream(data), out);

        byte[] expected = InitrdArchive.of(List.of(new CpioEntry(NAME, MODE, data)), Long.MAX_VALUE);
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(expected.length, written);
        assertEquals(0, written % 4);
        assertArrayEquals(CpioNewcWriter.toBytes(List.of(new CpioEntry(NAME, MODE, data))),
                ExternalTools.gunzip(out.toByteArray()));
        assertEquals(0, ExternalTools.pipe(out.toByteArray(), "gzip", "-t").exitCode());
    }

    @Test
    void storedGzipBytesDoNotDependOnHowTheInputIsSplit() throws IOException {
        byte[] data = random(150_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(3);
        try (StoredGzipOutputStream gzip = new StoredGzipOutputStream(out)) {
            int position = 0;
            while (position < data.length) {
                int n = Math.min(data.length - position, random.nextInt(70_000));
                gzip.write(data, position, n);
                position += n;
            }
        }
        assertArrayEquals(GzipMember.stored(data), out.toByteArray());
    }

    @Test
    void aMemberShorterOrLongerThanDeclaredIsRejected() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThrows(EOFException.class,
                () -> InitrdArchive.write(NAME, MODE, 10, new ByteArrayInputStream(new byte[9]), sink));
        IOException e = assertThrows(IOException.class,
                () -> InitrdArchive.write(NAME, MODE, 10, new ByteArrayInputStream(new byte[11]), sink));
        assertEquals("cpio member /usr/bin/nmstatectl is longer than the declared 10 bytes", e.getMessage());
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
