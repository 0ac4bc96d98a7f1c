package org.assisted.imageservice.iso;

/** Unsigned little-endian field access; both-endian ISO 9660 fields (ECMA-119 §7.2.3, §7.3.3) use the LE half. */
public final class LittleEndian {

    private LittleEndian() {
    }

    public static int u8(byte[] bytes, int index) {
        return bytes[index] & 0xff;
    }

    public static int u16(byte[] bytes, int index) {
        return u8(bytes, index) | u8(bytes, index + 1) << 8;
    }

    public static long u32(byte[] bytes, int index) {
        return (u16(bytes, index) | (long) u16(bytes, index + 2) << 16) & 0xffffffffL;
    }
}
