package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;

/**
 * READ CAPACITY parameter data, from the 10-byte (8 bytes of data) or 16-byte (32 bytes) command.
 *
 * <pre>
 * READ CAPACITY(16) parameter data (SBC-4)
 * | 0..7   | RETURNED LOGICAL BLOCK ADDRESS (last LBA)                             |
 * | 8..11  | LOGICAL BLOCK LENGTH IN BYTES                                         |
 * | 12     | reserved | RC BASIS (5..4) | P_TYPE (3..1) | PROT_EN (0)             |
 * | 13     | P_I_EXPONENT (7..4) | LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (3..0) |
 * | 14..15 | LBPME (15) | LBPRZ (14) | LOWEST ALIGNED LOGICAL BLOCK ADDRESS (13..0) |
 * | 16..31 | reserved                                                              |
 * READ CAPACITY(10) parameter data: 0..3 RETURNED LOGICAL BLOCK ADDRESS, 4..7 LOGICAL BLOCK LENGTH IN BYTES
 * </pre>
 *
 * @param lastLba RETURNED LOGICAL BLOCK ADDRESS
 * @param blockLengthBytes LOGICAL BLOCK LENGTH IN BYTES
 * @param protectionType P_TYPE (0 when PROT_EN is 0 or from READ CAPACITY(10))
 * @param protectionEnabled PROT_EN
 * @param logicalBlocksPerPhysicalBlockExponent 2^n logical blocks per physical block (e.g. 3: 512e on 4Kn)
 * @param lbpme logical block provisioning management enabled (thin provisioning: UNMAP is meaningful)
 * @param lbprz deallocated blocks read as zeros
 * @param lowestAlignedLba first LBA aligned to a physical block
 */
public record ReadCapacity(long lastLba, int blockLengthBytes, int protectionType, boolean protectionEnabled,
                           int piExponent, int logicalBlocksPerPhysicalBlockExponent, boolean lbpme,
                           boolean lbprz, int lowestAlignedLba) {
    /** RETURNED LOGICAL BLOCK ADDRESS of READ CAPACITY(10) when the capacity needs READ CAPACITY(16). */
    public static final long USE_READ_CAPACITY_16 = 0xFFFF_FFFFL;

    public ReadCapacity {
        if (lastLba < 0 || lastLba == Long.MAX_VALUE) {
            throw new IllegalArgumentException("lastLba: " + Long.toUnsignedString(lastLba)
                    + " (expected: < 2^63 - 1, lunbridge's block count limit)");
        }
        if (blockLengthBytes < 1) {
            throw new IllegalArgumentException("blockLengthBytes: " + Integer.toUnsignedString(blockLengthBytes)
                    + " (expected: 1..2^31-1)");
        }
    }

    /** Number of logical blocks: last LBA + 1. */
    public long blockCount() {
        return lastLba + 1;
    }

    /** Physical block size in bytes (logical block length × 2^exponent), saturated at 2^30. */
    public long physicalBlockLengthBytes() {
        return (long) blockLengthBytes << Math.min(logicalBlocksPerPhysicalBlockExponent, 15);
    }

    /** True when READ CAPACITY(10) answered FFFFFFFFh: the device is too large for it. */
    public boolean needsReadCapacity16() {
        return lastLba == USE_READ_CAPACITY_16;
    }

    /** Decodes READ CAPACITY(10) data; the SBC-4 fields it lacks read as 0/false. */
    public static ReadCapacity parse10(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 8) {
            throw ScsiDataException.tooShort("READ CAPACITY(10) data", b.length, 8);
        }
        return new ReadCapacity(Bytes.u32(b, 0), checkedBlockLength(b, 4), 0, false, 0, 0, false, false, 0);
    }

    /**
     * Decodes READ CAPACITY(16) data. The first 12 bytes are mandatory; bytes 12..15 read as 0 when the
     * allocation length cut them off.
     */
    public static ReadCapacity parse16(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 12) {
            throw ScsiDataException.tooShort("READ CAPACITY(16) data", b.length, 12);
        }
        long lastLba = Bytes.u64(b, 0);
        if (lastLba < 0 || lastLba == Long.MAX_VALUE) {
            throw new ScsiDataException("READ CAPACITY(16) data: RETURNED LOGICAL BLOCK ADDRESS "
                    + Long.toUnsignedString(lastLba) + " (expected: < 2^63 - 1)");
        }
        int n = b.length;
        int b12 = Bytes.u8OrZero(b, n, 12);
        int b13 = Bytes.u8OrZero(b, n, 13);
        int w14 = Bytes.u16OrZero(b, n, 14);
        return new ReadCapacity(lastLba, checkedBlockLength(b, 8), (b12 >>> 1) & 0x7, (b12 & 0x01) != 0,
                b13 >>> 4, b13 & 0x0F, (w14 & 0x8000) != 0, (w14 & 0x4000) != 0, w14 & 0x3FFF);
    }

    private static int checkedBlockLength(byte[] b, int offset) throws ScsiDataException {
        long length = Bytes.u32(b, offset);
        if (length < 1 || length > Integer.MAX_VALUE) {
            throw new ScsiDataException("LOGICAL BLOCK LENGTH IN BYTES: " + length + " (expected: 1..2^31-1)");
        }
        return (int) length;
    }
}
