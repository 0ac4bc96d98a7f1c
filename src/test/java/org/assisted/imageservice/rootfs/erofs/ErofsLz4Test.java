package org.assisted.imageservice.rootfs.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ErofsLz4Test {

    /** "abc" literals, then a 9-byte match at distance 3 overlapping its own output. */
    private static final byte[] ABC_REPEATED = {0x35, 'a', 'b', 'c', 3, 0};

    @Test
    void overlappingMatchRepeatsEarlierOutput() throws Exception {
        byte[] out = new byte[12];
        ErofsLz4.decode(ABC_REPEATED, 0, ABC_REPEATED.length, out);
        assertArrayEquals("abcabcabcabc".getBytes(StandardCharsets.US_ASCII), out);
    }

    @Test
    void stopsAsSoonAsTheRequestedPrefixIsDecoded() throws Exception {
        byte[] out = new byte[5];
        ErofsLz4.decode(ABC_REPEATED, 0, ABC_REPEATED.length, out);
        assertArrayEquals("abcab".getBytes(StandardCharsets.US_ASCII), out);
    }

    @Test
    void extendedLiteralLengthIsSummed() throws Exception {
        byte[] in = new byte[1 + 2 + 270];
        in[0] = (byte) 0xF0;
        in[1] = (byte) 255;
        in[2] = 0;
        for (int i = 0; i < 270; i++) {
            in[3 + i] = (byte) i;
        }
        byte[] out = new byte[270];
        ErofsLz4.decode(in, 0, in.length, out);
        assertArrayEquals(Arrays.copyOfRange(in, 3, in.length), out);
    }

    @Test
    void rejectsMatchBeforeStartOfOutput() {
        byte[] in = {0x10, 'a', 2, 0};
        assertThrows(ErofsFormatException.class, () -> ErofsLz4.decode(in, 0, in.length, new byte[8]));
    }

    @Test
    void rejectsInputThatEndsBeforeTheOutputIsFull() {
        assertThrows(ErofsFormatException.class,
                () -> ErofsLz4.decode(ABC_REPEATED, 0, ABC_REPEATED.length, new byte[13]));
        assertThrows(ErofsFormatException.class, () -> ErofsLz4.decode(ABC_REPEATED, 0, 3, new byte[3]));
    }
}
