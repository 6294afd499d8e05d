package org.lunbridge.iscsi.scsi;

import java.util.OptionalInt;

/**
 * An 8-byte logical unit number in SAM-5 "Logical unit numbers" format, as REPORT LUNS returns it and as transports carry it.
 *
 * <pre>
 * First level (bytes 0..1); bytes 2..7 are the lower levels, zero for a single-level LUN.
 * | ADDRESS METHOD (7..6 of byte 0) |
 * | 00b peripheral device: BUS IDENTIFIER (5..0) | TARGET OR LUN (byte 1)       |
 * | 01b flat space:        LUN (5..0 of byte 0, all of byte 1), 14 bits        |
 * | 10b logical unit:      TARGET (5..0) | BUS (7..5 of byte 1) | LUN (4..0)    |
 * | 11b extended logical unit addressing (well-known and long LUNs)            |
 * </pre>
 *
 * @param raw the 8 bytes, big-endian
 */
public record Lun(long raw) {
    public static final int PERIPHERAL_DEVICE = 0;
    public static final int FLAT_SPACE = 1;
    public static final int LOGICAL_UNIT = 2;
    public static final int EXTENDED_LOGICAL_UNIT = 3;

    /**
     * The single-level LUN for a number, encoded the way SAM-5 recommends for single-level LUNs: peripheral device addressing
     * (bus 0) up to 255, flat space addressing up to 16383.
     */
    public static Lun of(int number) {
        PrimaryCommands.checkRange("number", number, 0, 0x3FFF);
        long first = number <= 0xFF ? number : (0x4000L | number);
        return new Lun(first << 48);
    }

    /** ADDRESS METHOD of the first level. */
    public int addressMethod() {
        return (int) (raw >>> 62) & 0x3;
    }

    /** True when only the first level is used (bytes 2..7 zero). */
    public boolean singleLevel() {
        return (raw & 0x0000_FFFF_FFFF_FFFFL) == 0;
    }

    /**
     * The LUN as a number when it is single-level and uses peripheral device addressing with bus 0 or flat
     * space addressing, which covers what iSCSI targets report; empty otherwise.
     */
    public OptionalInt number() {
        if (!singleLevel()) {
            return OptionalInt.empty();
        }
        int first = (int) (raw >>> 48) & 0xFFFF;
        return switch (addressMethod()) {
            case PERIPHERAL_DEVICE -> (first & 0x3F00) == 0 ? OptionalInt.of(first & 0xFF) : OptionalInt.empty();
            case FLAT_SPACE -> OptionalInt.of(first & 0x3FFF);
            default -> OptionalInt.empty();
        };
    }

    /** The 8 bytes. */
    public byte[] bytes() {
        byte[] b = new byte[8];
        Bytes.put64(b, 0, raw);
        return b;
    }

    @Override
    public String toString() {
        OptionalInt n = number();
        return n.isPresent() ? "LUN " + n.getAsInt() : String.format("LUN %016X", raw);
    }
}
