package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * The 8-byte SAM logical unit number as carried in bytes 8-15 of the BHS (RFC 7143 §11.2.1.6, SAM-5 §4.7).
 * {@code value} is the 8 bytes read big-endian, i.e. byte 8 of the BHS is the most significant byte.
 *
 * <p>Small LUN numbers use single-level addressing in the first two bytes (SAM-5 §4.7.6), as tgt and Linux
 * ({@code int_to_scsilun}) do:
 * <pre>
 *  byte 0: |0 0|  bus 0    |   peripheral device addressing, LUN 0..255
 *  byte 1: |      LUN      |
 *  byte 0: |0 1| LUN 13..8 |   flat space addressing, LUN 256..16383
 *  byte 1: |   LUN 7..0    |
 *  bytes 2-7: 0
 * </pre>
 */
public record Lun(long value) {
    public static final Lun ZERO = new Lun(0);

    /** SAM-5 §4.7.6.1 address methods (byte 0 bits 7-6). */
    public static final int PERIPHERAL_DEVICE_ADDRESSING = 0;
    public static final int FLAT_SPACE_ADDRESSING = 1;
    public static final int LOGICAL_UNIT_ADDRESSING = 2;
    public static final int EXTENDED_LOGICAL_UNIT_ADDRESSING = 3;

    /** Largest number {@link #of(int)} accepts: 14 bits of flat space addressing. */
    public static final int MAX_FLAT_NUMBER = 0x3fff;

    /**
     * The single-level LUN structure for {@code number}: peripheral device addressing (bus 0) below 256, flat
     * space addressing up to 16383.
     */
    public static Lun of(int number) {
        if (number < 0 || number > MAX_FLAT_NUMBER) {
            throw new IllegalArgumentException("LUN number: " + number + " (expected: 0.." + MAX_FLAT_NUMBER + ")");
        }
        long firstLevel = number < 256 ? number : (0x4000L | number);
        return new Lun(firstLevel << 48);
    }

    /** Reads 8 bytes at {@code index}, not moving the position. */
    public static Lun read(ByteBuffer buffer, int index) {
        return new Lun(buffer.getLong(index));
    }

    /** Writes the 8 bytes at {@code index}, not moving the position. */
    public void write(ByteBuffer buffer, int index) {
        buffer.putLong(index, value);
    }

    /** Address method of the first level, byte 0 bits 7-6. */
    public int addressMethod() {
        return (int) (value >>> 62);
    }

    /** True if this is a single-level peripheral (bus 0) or flat space LUN with nothing in bytes 2-7. */
    public boolean isSimple() {
        if ((value & 0x0000_ffff_ffff_ffffL) != 0) {
            return false;
        }
        int method = addressMethod();
        return method == FLAT_SPACE_ADDRESSING
                || (method == PERIPHERAL_DEVICE_ADDRESSING && ((value >>> 56) & 0x3f) == 0);
    }

    /**
     * The LUN number of a {@linkplain #isSimple() simple} LUN structure.
     *
     * @throws IllegalStateException for any other addressing
     */
    public int number() {
        if (!isSimple()) {
            throw new IllegalStateException("not a single-level peripheral/flat LUN: " + this);
        }
        return (int) ((value >>> 48) & 0x3fff);
    }

    @Override
    public String toString() {
        return isSimple() ? "Lun[" + number() + "]" : String.format("Lun[0x%016x]", value);
    }
}
