package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Big-endian field access on byte arrays (SPC-4 keywords and conventions: multi-byte fields are MSB first). Package-private. */
final class Bytes {
    private Bytes() {}

    /** The remaining bytes of {@code buffer}, without moving its position. */
    static byte[] remaining(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    static int u8(byte[] b, int offset) {
        return b[offset] & 0xFF;
    }

    static int u16(byte[] b, int offset) {
        return (u8(b, offset) << 8) | u8(b, offset + 1);
    }

    static int u24(byte[] b, int offset) {
        return (u8(b, offset) << 16) | u16(b, offset + 1);
    }

    static long u32(byte[] b, int offset) {
        return ((long) u16(b, offset) << 16) | u16(b, offset + 2);
    }

    static long u64(byte[] b, int offset) {
        return (u32(b, offset) << 32) | u32(b, offset + 4);
    }

    /** {@code u32} of a field that may lie beyond a truncated buffer; absent reads as 0 ("not reported"). */
    static long u32OrZero(byte[] b, int length, int offset) {
        return offset + 4 <= length ? u32(b, offset) : 0;
    }

    static long u64OrZero(byte[] b, int length, int offset) {
        return offset + 8 <= length ? u64(b, offset) : 0;
    }

    static int u16OrZero(byte[] b, int length, int offset) {
        return offset + 2 <= length ? u16(b, offset) : 0;
    }

    static int u8OrZero(byte[] b, int length, int offset) {
        return offset < length ? u8(b, offset) : 0;
    }

    static boolean bit(byte[] b, int offset, int bit) {
        return (b[offset] & (1 << bit)) != 0;
    }

    /** SPC-4 ASCII data field: printable, left-aligned, padded with spaces; trailing spaces and NULs dropped. */
    static String ascii(byte[] b, int offset, int length) {
        int end = Math.min(b.length, offset + length);
        if (offset >= end) {
            return "";
        }
        String s = new String(b, offset, end - offset, StandardCharsets.US_ASCII);
        int last = s.length();
        while (last > 0 && (s.charAt(last - 1) == ' ' || s.charAt(last - 1) == 0)) {
            last--;
        }
        return s.substring(0, last);
    }

    static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    static void put32(byte[] b, int offset, long value) {
        put16(b, offset, (int) (value >>> 16));
        put16(b, offset + 2, (int) value);
    }

    static void put64(byte[] b, int offset, long value) {
        put32(b, offset, value >>> 32);
        put32(b, offset + 4, value);
    }
}
