package org.lunbridge.iscsi.scsi;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a block range to zero into WRITE SAME(16) commands honouring MAXIMUM WRITE SAME LENGTH (Block Limits
 * VPD page). With the UNMAP bit, splits fall on unmap-granularity boundaries like {@link UnmapPlanner}'s.
 */
public final class WriteSamePlanner {
    /**
     * Blocks per WRITE SAME when the device reports no MAXIMUM WRITE SAME LENGTH (0): Linux sd's
     * SD_MAX_WS16_BLOCKS.
     */
    public static final long DEFAULT_MAX_BLOCKS = 0x7F_FFFF;

    private final long maxBlocks;
    private final long granularityBlocks;
    private final long alignmentBlocks;
    private final int blockLengthBytes;

    /**
     * @param maxBlocks blocks per command, 1..2^32-1 (the NUMBER OF LOGICAL BLOCKS field's width)
     * @param granularityBlocks OPTIMAL UNMAP GRANULARITY (>= 1), used when planning with UNMAP
     * @param alignmentBlocks UNMAP GRANULARITY ALIGNMENT, 0..granularity-1
     * @param blockLengthBytes the logical block length: size of the data-out buffer without NDOB
     */
    public WriteSamePlanner(long maxBlocks, long granularityBlocks, long alignmentBlocks, int blockLengthBytes) {
        PrimaryCommands.checkRange("maxBlocks", maxBlocks, 1, 0xFFFF_FFFFL);
        PrimaryCommands.checkRange("granularityBlocks", granularityBlocks, 1, 0xFFFF_FFFFL);
        PrimaryCommands.checkRange("alignmentBlocks", alignmentBlocks, 0, granularityBlocks - 1);
        PrimaryCommands.checkRange("blockLengthBytes", blockLengthBytes, 1, Integer.MAX_VALUE);
        this.maxBlocks = maxBlocks;
        this.granularityBlocks = granularityBlocks;
        this.alignmentBlocks = alignmentBlocks;
        this.blockLengthBytes = blockLengthBytes;
    }

    /** A planner from the device's Block Limits page and logical block length. */
    public static WriteSamePlanner of(BlockLimits page, int blockLengthBytes) {
        long reported = page.maximumWriteSameLengthBlocks();
        long max = reported == 0 ? DEFAULT_MAX_BLOCKS
                : reported < 0 || reported > 0xFFFF_FFFFL ? 0xFFFF_FFFFL : reported;
        long granularity = Math.max(1, Math.min(page.optimalUnmapGranularityBlocks(), 0xFFFF_FFFFL));
        long alignment = page.unmapGranularityAlignmentValid()
                ? page.unmapGranularityAlignmentBlocks() % granularity : 0;
        return new WriteSamePlanner(max, granularity, alignment, blockLengthBytes);
    }

    public long maxBlocks() {
        return maxBlocks;
    }

    /**
     * WRITE SAME(16) commands, in LBA order, covering exactly {@code range}.
     *
     * @param unmap set the UNMAP bit (deallocate if the device can and reads return zeros)
     * @param noDataOutBuffer set NDOB (no zero block is sent)
     */
    public List<Cdb> plan(BlockRange range, boolean unmap, boolean noDataOutBuffer) {
        List<Cdb> out = new ArrayList<>();
        long granularity = unmap ? granularityBlocks : 1;
        for (BlockRange chunk : RangeSplitter.split(range, maxBlocks, granularity, unmap ? alignmentBlocks : 0)) {
            out.add(BlockCommands.writeSame16(chunk, blockLengthBytes, unmap, noDataOutBuffer));
        }
        return out;
    }
}
