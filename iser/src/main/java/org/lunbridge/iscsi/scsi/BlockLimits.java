package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;

/**
 * SBC-4 Block Limits VPD page (B0h). Lengths are in logical blocks. Fields beyond the bytes received (SBC-2
 * devices return a 16-byte page) read as 0, which SBC-4 defines as "not reported" for every field here.
 *
 * <pre>
 * | 4      | reserved | WSNZ (0)                                                  |
 * | 5      | MAXIMUM COMPARE AND WRITE LENGTH                                       |
 * | 6..7   | OPTIMAL TRANSFER LENGTH GRANULARITY                                    |
 * | 8..11  | MAXIMUM TRANSFER LENGTH                                                |
 * | 12..15 | OPTIMAL TRANSFER LENGTH                                                |
 * | 16..19 | MAXIMUM PREFETCH LENGTH                                                |
 * | 20..23 | MAXIMUM UNMAP LBA COUNT          (0: UNMAP unsupported, FFFFFFFFh: none) |
 * | 24..27 | MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT  (same conventions)               |
 * | 28..31 | OPTIMAL UNMAP GRANULARITY                                              |
 * | 32..35 | UGAVALID (bit 7 of byte 32) | UNMAP GRANULARITY ALIGNMENT (30..0)      |
 * | 36..43 | MAXIMUM WRITE SAME LENGTH                                              |
 * </pre>
 *
 * @param writeSameNonZero WSNZ: a WRITE SAME NUMBER OF LOGICAL BLOCKS of 0 is rejected
 */
public record BlockLimits(int pageLength, boolean writeSameNonZero, int maximumCompareAndWriteLengthBlocks,
                          int optimalTransferLengthGranularityBlocks, long maximumTransferLengthBlocks,
                          long optimalTransferLengthBlocks, long maximumPrefetchLengthBlocks,
                          long maximumUnmapLbaCount, long maximumUnmapBlockDescriptorCount,
                          long optimalUnmapGranularityBlocks, boolean unmapGranularityAlignmentValid,
                          long unmapGranularityAlignmentBlocks, long maximumWriteSameLengthBlocks)
        implements VpdPage {
    /** SBC-4 value of the UNMAP limits meaning "no limit". */
    public static final long UNLIMITED = 0xFFFF_FFFFL;

    public int pageCode() {
        return ScsiConstants.VPD_BLOCK_LIMITS;
    }

    public static BlockLimits parse(ByteBuffer page) throws ScsiDataException {
        byte[] b = VpdPage.body(page, ScsiConstants.VPD_BLOCK_LIMITS);
        int n = b.length;
        long alignment = Bytes.u32OrZero(b, n, 32);
        return new BlockLimits(Bytes.u16(b, 2), (Bytes.u8OrZero(b, n, 4) & 0x01) != 0, Bytes.u8OrZero(b, n, 5),
                Bytes.u16OrZero(b, n, 6), Bytes.u32OrZero(b, n, 8), Bytes.u32OrZero(b, n, 12),
                Bytes.u32OrZero(b, n, 16), Bytes.u32OrZero(b, n, 20), Bytes.u32OrZero(b, n, 24),
                Bytes.u32OrZero(b, n, 28), (alignment & 0x8000_0000L) != 0, alignment & 0x7FFF_FFFFL,
                Bytes.u64OrZero(b, n, 36));
    }
}
