package org.assisted.imageservice.coreos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.assisted.imageservice.archive.cpio.CpioEntry;
import org.assisted.imageservice.archive.cpio.CpioNewcWriter;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgnitionArchiveTest {

    private static final byte[] CONFIG = "someignitioncontent".getBytes(StandardCharsets.US_ASCII);
    /** Hand-written newc archive of {@link #CONFIG}: 124-byte header+name, 20-byte data, 124-byte trailer. */
    private static final String EXPECTED_CPIO = ""
            + "070701" + "00000001" + "000081a4" + "00000000" + "00000000" + "00000001" + "00000000"
            + "00000013" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000b" + "00000000"
            + "config.ign\0" + "\0\0\0"
            + "someignitioncontent" + "\0"
            + "070701" + "00000000" + "00000000" + "00000000" + "00000000" + "00000001" + "00000000"
            + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000b" + "00000000"
            + "TRAILER!!!\0" + "\0\0\0";

    @Test
    void cpioBytesArePinned() {
        byte[] cpio = CpioNewcWriter.toBytes(List.of(new CpioEntry("config.ign", 0100644, CONFIG)));
        assertEquals(268, cpio.length);
        assertEquals(EXPECTED_CPIO, new String(cpio, StandardCharsets.ISO_8859_1));
    }

    @OracleTest
    @Test
    void archiveIsStoredGzipOfThePinnedCpioPaddedToFourBytes() throws Exception {
        byte[] archive = IgnitionArchive.of(CONFIG, 262144);
        assertEquals(292, archive.length, "10 header + 5 block header + 268 + 8 trailer = 291, padded to 292");
        assertEquals("1f8b08000000000000ff" + "010c01f3fe", HexFormat.of().formatHex(Arrays.copyOf(archive, 15)),
                "gzip header (mtime 0, XFL 0, OS 255), final stored block of 268 bytes");
        assertEquals(0, archive[291]);
        assertEquals(EXPECTED_CPIO, new String(ExternalTools.gunzip(archive), StandardCharsets.ISO_8859_1));
        assertEquals(0, ExternalTools.pipe(archive, "gzip", "-t").exitCode());
    }

    @OracleTest
    @Test
    void gnuCpioListsOneReadableConfigMember() throws Exception {
        byte[] cpio = ExternalTools.gunzip(IgnitionArchive.of(CONFIG, 262144));
        ExternalTools.Result listing = ExternalTools.pipe(cpio, "cpio", "-itv", "--quiet");
        assertEquals(0, listing.exitCode(), listing.stderr());
        String[] lines = listing.stdoutText().strip().split("\n");
        assertEquals(1, lines.length, listing.stdoutText());
        assertTrue(lines[0].startsWith("-rw-r--r--"), lines[0]);
        assertTrue(lines[0].endsWith(" config.ign"), lines[0]);
        assertTrue(lines[0].matches("-rw-r--r--\\s+1 root\\s+root\\s+19 .*"), lines[0]);
        ExternalTools.Result content = ExternalTools.pipe(cpio, "cpio", "-i", "--to-stdout", "--quiet", "config.ign");
        assertArrayEquals(CONFIG, content.stdout());
    }

    @OracleTest
    @Test
    void emptyConfigGivesAnArchiveWithOnlyTheTrailer() throws Exception {
        byte[] archive = IgnitionArchive.of(new byte[0], 262144);
        byte[] cpio = ExternalTools.gunzip(archive);
        assertEquals(124, cpio.length);
        assertTrue(new String(cpio, StandardCharsets.ISO_8859_1).contains("TRAILER!!!"));
        assertEquals("", ExternalTools.pipe(cpio, "cpio", "-it", "--quiet").stdoutText());
        assertEquals(0, archive.length % 4);
    }

    @Test
    void sameInputGivesIdenticalBytes() throws Exception {
        byte[] first = IgnitionArchive.of(CONFIG.clone(), 262144);
        byte[] second = IgnitionArchive.of(CONFIG.clone(), 262144);
        assertNotSame(first, second);
        assertArrayEquals(first, second);
    }

    @OracleTest
    @ParameterizedTest
    @ValueSource(ints = {1, 65535 - 124 - 4, 65536, 200_000})
    void largeConfigsSpanSeveralStoredBlocksAndRoundTrip(int size) throws Exception {
        byte[] config = new byte[size];
        new Random(size).nextBytes(config);
        byte[] archive = IgnitionArchive.of(config, Long.MAX_VALUE);
        assertEquals(0, archive.length % 4);
        assertEquals(0, archive[8], "XFL 0 marks the stored form");
        byte[] cpio = ExternalTools.gunzip(archive);
        int cpioLength = 124 + size + (4 - size % 4) % 4 + 124;
        assertEquals(cpioLength, cpio.length);
        int blocks = (cpioLength + 65534) / 65535;
        int gzipLength = 10 + 5 * blocks + cpioLength + 8;
        assertEquals(gzipLength + (4 - gzipLength % 4) % 4, archive.length, "one 5-byte header per 65535-byte block");
        assertArrayEquals(config, ExternalTools.pipe(cpio, "cpio", "-i", "--to-stdout", "--quiet", "config.ign").stdout());
    }

    @OracleTest
    @Test
    void configTooLargeForStoredFormIsCompressedWhenThatFits() throws Exception {
        byte[] config = "{\"ignition\":{\"version\":\"3.2.0\"}}".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        byte[] archive = IgnitionArchive.of(config, 262144);
        assertTrue(archive.length < config.length / 10, "compressed: " + archive.length);
        assertEquals(2, archive[8], "XFL 2: maximum compression");
        assertEquals(0, archive.length % 4);
        byte[] cpio = ExternalTools.gunzip(archive);
        assertArrayEquals(config, ExternalTools.pipe(cpio, "cpio", "-i", "--to-stdout", "--quiet", "config.ign").stdout());
    }

    @Test
    void incompressibleConfigLargerThanTheAreaIsRejected() {
        byte[] config = new byte[300_000];
        new Random(7).nextBytes(config);
        EmbedAreaTooSmallException e = assertThrows(EmbedAreaTooSmallException.class,
                () -> IgnitionArchive.of(config, 262144));
        assertEquals(262144, e.available());
        assertTrue(e.needed() > 262144, "needed " + e.needed());
    }

    @OracleTest
    @Test
    void cpioWriterKeepsModesAndNamesAndDoesNotCloseTheStream() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CpioNewcWriter.write(List.of(new CpioEntry("/usr/bin/nmstatectl", 0100755, new byte[] {1, 2, 3}),
                new CpioEntry("etc/a.conf", 0100600, new byte[0])), out);
        assertFalse(closed[0]);
        byte[] cpio = out.toByteArray();
        assertEquals(0, cpio.length % 4);
        String listing = ExternalTools.pipe(cpio, "cpio", "-itv", "--quiet").stdoutText();
        String[] lines = listing.strip().split("\n");
        assertEquals(2, lines.length, listing);
        assertTrue(lines[0].startsWith("-rwxr-xr-x") && lines[0].endsWith("/usr/bin/nmstatectl"), lines[0]);
        assertTrue(lines[1].startsWith("-rw-------") && lines[1].endsWith("etc/a.conf"), lines[1]);
        assertEquals("00000002", inodeOfSecondEntry(cpio), "inodes count from 1 in entry order");
    }

    private static String inodeOfSecondEntry(byte[] cpio) {
        String text = new String(cpio, StandardCharsets.ISO_8859_1);
        int second = text.indexOf("070701", 6);
        return text.substring(second + 6, second + 14);
    }
}
