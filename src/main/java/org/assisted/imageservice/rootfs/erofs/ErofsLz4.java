package org.assisted.imageservice.rootfs.erofs;

/**
 * Decoder for raw LZ4 blocks (no frame). Decoding stops as soon as the output is full, which is what EROFS needs:
 * a physical cluster may carry trailing bytes, and deduplicated extents use only a prefix of a cluster.
 */
final class ErofsLz4 {

    private static final int MIN_MATCH = 4;
    private static final int RUN_MASK = 15;

    private ErofsLz4() {
    }

    /** Decodes {@code in[from, to)} until {@code out} is full. */
    static void decode(byte[] in, int from, int to, byte[] out) throws ErofsFormatException {
        int ip = from;
        int op = 0;
        while (op < out.length) {
            if (ip >= to) {
                throw truncated(op, out.length);
            }
            int token = in[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == RUN_MASK) {
                int[] cursor = {ip};
                literals += extendedLength(in, cursor, to);
                ip = cursor[0];
            }
            if (literals > to - ip) {
                throw new ErofsFormatException("LZ4 literal run of " + literals + " bytes overruns the input");
            }
            int copy = Math.min(literals, out.length - op);
            System.arraycopy(in, ip, out, op, copy);
            ip += literals;
            op += copy;
            if (op == out.length) {
                return;
            }
            if (to - ip < 2) {
                throw truncated(op, out.length);
            }
            int distance = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
            ip += 2;
            if (distance == 0 || distance > op) {
                throw new ErofsFormatException("LZ4 match distance " + distance + " at output byte " + op);
            }
            int matchLength = token & RUN_MASK;
            if (matchLength == RUN_MASK) {
                int[] cursor = {ip};
                matchLength += extendedLength(in, cursor, to);
                ip = cursor[0];
            }
            int end = op + Math.min(matchLength + MIN_MATCH, out.length - op);
            for (int src = op - distance; op < end; op++, src++) {
                out[op] = out[src];
            }
        }
    }

    private static int extendedLength(byte[] in, int[] cursor, int to) throws ErofsFormatException {
        int length = 0;
        int b;
        do {
            if (cursor[0] >= to) {
                throw new ErofsFormatException("LZ4 length field overruns the input");
            }
            b = in[cursor[0]++] & 0xFF;
            length += b;
        } while (b == 255);
        return length;
    }

    private static ErofsFormatException truncated(int produced, int wanted) {
        return new ErofsFormatException("LZ4 input ends after " + produced + " of " + wanted + " output bytes");
    }
}
