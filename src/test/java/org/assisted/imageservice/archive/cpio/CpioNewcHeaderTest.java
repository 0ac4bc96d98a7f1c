package org.assisted.imageservice.archive.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class CpioNewcHeaderTest {

    /** The newc header of a 5-byte regular file "a": inode 1, mode 0100644, nlink 1, everything else 0. */
    private static final String FILE_A = "070701" + "00000001" + "000081a4" + "00000000" + "00000000" + "00000001"
            + "00000000" + "00000005" + "00000000" + "00000000" + "00000000" + "00000000" + "00000002" + "00000000";

    @Test
    void encodesTheFieldsInOrderAsLowerCaseHex() {
        byte[] header = CpioNewcHeader.encode(1, 0100644, 1, 5, 2);
        assertEquals(CpioNewcHeader.HEADER_BYTES, header.length);
        assertEquals(FILE_A, new String(header, StandardCharsets.US_ASCII));
    }

    @Test
    void decodesEachFieldAndAcceptsBothMagics() {
        byte[] header = FILE_A.getBytes(StandardCharsets.US_ASCII);
        assertTrue(CpioNewcHeader.hasMagic(header));
        assertEquals(OptionalLong.of(0100644), CpioNewcHeader.field(header, CpioNewcHeader.Field.MODE));
        assertEquals(OptionalLong.of(5), CpioNewcHeader.field(header, CpioNewcHeader.Field.FILE_SIZE));
        assertEquals(OptionalLong.of(2), CpioNewcHeader.field(header, CpioNewcHeader.Field.NAME_SIZE));
        assertTrue(CpioNewcHeader.hasMagic(("070702" + FILE_A.substring(6)).getBytes(StandardCharsets.US_ASCII)));
        assertFalse(CpioNewcHeader.hasMagic(("070707" + FILE_A.substring(6)).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aNonHexFieldDecodesToNothing() {
        byte[] header = FILE_A.getBytes(StandardCharsets.US_ASCII);
        header[6 + 6 * 8 + 3] = 'g';
        assertEquals(OptionalLong.empty(), CpioNewcHeader.field(header, CpioNewcHeader.Field.FILE_SIZE));
        assertEquals(OptionalLong.of(1), CpioNewcHeader.field(header, CpioNewcHeader.Field.INODE));
    }

    @Test
    void alignsToFourBytesAndRefusesValuesTheFieldCannotHold() {
        assertEquals(112, CpioNewcHeader.align(110 + 2));
        assertEquals(116, CpioNewcHeader.align(113));
        assertEquals(0, CpioNewcHeader.align(0));
        assertThrows(IllegalArgumentException.class, () -> CpioNewcHeader.encode(1, 0100644, 1, 1L << 32, 2));
    }
}
