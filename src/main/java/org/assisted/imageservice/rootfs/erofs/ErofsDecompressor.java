package org.assisted.imageservice.rootfs.erofs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.tukaani.xz.LZMAInputStream;

/** Decodes the prefix of one EROFS physical cluster: LZ4, MicroLZMA or raw DEFLATE. */
final class ErofsDecompressor {

    private static final int MIN_LZMA_DICTIONARY_BYTES = 4096;
    private static final int LZMA_PROPERTIES_LIMIT = 9 * 5 * 5;

    private ErofsDecompressor() {
    }

    /**
     * Returns the first {@code outLength} decoded bytes of {@code in}.
     *
     * @param algorithm {@link ErofsExtent#ALGORITHM_LZ4}, {@link ErofsExtent#ALGORITHM_LZMA} or
     *     {@link ErofsExtent#ALGORITHM_DEFLATE}
     * @param skipZeroPadding whether the encoded data is right-aligned behind zero bytes (always so for LZMA and
     *     DEFLATE; for LZ4 when the superblock has the zero-padding feature)
     * @param blockBytes filesystem block size: zero padding is looked for in the first block only
     */
    static byte[] decode(int algorithm, byte[] in, boolean skipZeroPadding, int blockBytes, int outLength)
            throws IOException {
        int from = 0;
        if (skipZeroPadding || algorithm != ErofsExtent.ALGORITHM_LZ4) {
            int scan = Math.min(in.length, blockBytes);
            while (from < scan && in[from] == 0) {
                from++;
            }
            if (from == scan) {
                throw new ErofsFormatException("compressed cluster of " + in.length + " bytes has no data in its "
                        + "first " + scan + " bytes");
            }
        }
        byte[] out = new byte[outLength];
        switch (algorithm) {
            case ErofsExtent.ALGORITHM_LZ4 -> ErofsLz4.decode(in, from, in.length, out);
            case ErofsExtent.ALGORITHM_LZMA -> decodeMicroLzma(in, from, out);
            case ErofsExtent.ALGORITHM_DEFLATE -> decodeDeflate(in, from, out);
            default -> throw new ErofsFormatException("unsupported EROFS compression algorithm " + algorithm
                    + (algorithm == 3 ? " (zstd)" : ""));
        }
        return out;
    }

    /**
     * MicroLZMA is a raw LZMA stream whose first byte, always 0 in a range-coded stream, is replaced by the
     * bitwise negation of the lc/lp/pb properties byte; there is no end marker.
     */
    private static void decodeMicroLzma(byte[] in, int from, byte[] out) throws IOException {
        int properties = ~in[from] & 0xFF;
        if (properties >= LZMA_PROPERTIES_LIMIT || in.length - from < 5) {
            throw new ErofsFormatException("bad MicroLZMA header byte 0x" + Integer.toHexString(in[from] & 0xFF));
        }
        byte[] stream = Arrays.copyOfRange(in, from, in.length);
        stream[0] = 0;
        int dictionary = Math.max(MIN_LZMA_DICTIONARY_BYTES, out.length);
        try (InputStream lzma = new LZMAInputStream(new ByteArrayInputStream(stream), -1,
                (byte) properties, dictionary)) {
            int n = lzma.readNBytes(out, 0, out.length);
            if (n != out.length) {
                throw new ErofsFormatException("MicroLZMA stream ends after " + n + " of " + out.length + " bytes");
            }
        } catch (ErofsFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // xz-java reports most bad input as CorruptedInputException; bad sizes can surface unchecked
            throw new ErofsFormatException("corrupt MicroLZMA data: " + e, e);
        }
    }

    private static void decodeDeflate(byte[] in, int from, byte[] out) throws ErofsFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in, from, in.length - from);
            int done = 0;
            while (done < out.length) {
                int n = inflater.inflate(out, done, out.length - done);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ErofsFormatException("DEFLATE stream ends after " + done + " of " + out.length
                            + " bytes");
                }
                done += n;
            }
        } catch (DataFormatException e) {
            throw new ErofsFormatException("corrupt DEFLATE data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
