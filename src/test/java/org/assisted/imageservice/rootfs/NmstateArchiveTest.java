package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NmstateArchiveTest {

    @TempDir
    Path dir;

    @OracleTest
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 17, 70_001})
    void gnuCpioListsAndExtractsTheSingleExecutableEntry(int size) throws Exception {
        byte[] binary = RootfsTree.binaryContent(size, size / 2, size - size / 2);
        Path archive = dir.resolve("nmstate.img");
        byte[] bytes = write(binary);
        Files.write(archive, bytes);

        assertEquals(0, bytes.length % 4);
        String listing = new String(ExternalTools.shell(dir, "zcat \"$1\" | cpio -itv --quiet", archive.toString()),
                StandardCharsets.UTF_8).strip();
        assertEquals(1, listing.lines().count(), listing);
        assertTrue(listing.matches("-rwxr-xr-x +1 root +root +" + size + " .* /usr/bin/nmstatectl"), listing);
        byte[] extracted = ExternalTools.shell(dir, "zcat \"$1\" | cpio -i --quiet --to-stdout /usr/bin/nmstatectl",
                archive.toString());
        assertArrayEquals(binary, extracted);
    }

    @Test
    void headersHaveInodeOneMtimeZeroAndTheTrailerIsFourByteAligned() throws Exception {
        byte[] cpio;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(write(new byte[] {1, 2, 3, 4, 5})))) {
            cpio = in.readAllBytes();
        }
        String text = new String(cpio, StandardCharsets.US_ASCII);
        assertEquals("070701" + "00000001" + "000081ed" + "00000000" + "00000000" + "00000001" + "00000000"
                + "00000005" + "00000000".repeat(4) + "00000014" + "00000000" + "/usr/bin/nmstatectl\0\0\0",
                text.substring(0, 132));
        assertEquals("\1\2\3\4\5\0\0\0", text.substring(132, 140));
        assertEquals("070701" + "00000000".repeat(4) + "00000001" + "00000000".repeat(6) + "0000000b" + "00000000"
                + "TRAILER!!!\0\0\0\0", text.substring(140));
    }

    @OracleTest
    @Test
    void outputIsDeterministicAndPaddedAfterTheGzipStream() throws Exception {
        byte[] binary = RootfsTree.binaryContent(5, 5000, 5000);
        byte[] first = write(binary);
        assertArrayEquals(first, write(binary));
        Path archive = dir.resolve("a.gz");
        Files.write(archive, first);
        ExternalTools.run(dir, "gzip", "-t", archive.toString());
    }

    @Test
    void aBinaryShorterOrLongerThanDeclaredIsRejected() {
        assertThrows(IOException.class, () -> NmstateArchive.write(new ByteArrayInputStream(new byte[9]), 10,
                new ByteArrayOutputStream()));
        assertThrows(IOException.class, () -> NmstateArchive.write(new ByteArrayInputStream(new byte[11]), 10,
                new ByteArrayOutputStream()));
    }

    private static byte[] write(byte[] binary) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = NmstateArchive.write(new ByteArrayInputStream(binary), binary.length, out);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }
}
