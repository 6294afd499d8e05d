package org.lunbridge.iscsi.scsi;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a block range to deallocate into UNMAP commands a device accepts, honouring its Block Limits VPD page.
 *
 * <p>Each command carries at most MAXIMUM UNMAP LBA COUNT blocks in at most MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT
 * descriptors (each descriptor at most 2^32-1 blocks, the NUMBER OF LOGICAL BLOCKS field's width); commands
 * after the first start on an unmap-granularity boundary.
 */
public final class UnmapPlanner {
    /**
     * Blocks per UNMAP when the device reports no MAXIMUM UNMAP LBA COUNT (0): Linux sd uses the same
     * conservative default (SD_MAX_WS16_BLOCKS, 0x7FFFFF) in sd_config_discard.
     */
    public static final long DEFAULT_MAX_BLOCKS = 0x7F_FFFF;

    private static final long MAX_DESCRIPTOR_BLOCKS = 0xFFFF_FFFFL;

    /**
     * The limits a plan honours.
     *
     * @param maxLbaCount blocks per command, >= 1
     * @param maxDescriptorCount descriptors per command, 1..{@link BlockCommands#MAX_UNMAP_DESCRIPTORS_PER_CDB}
     * @param granularityBlocks OPTIMAL UNMAP GRANULARITY, >= 1
     * @param alignmentBlocks UNMAP GRANULARITY ALIGNMENT (0 when UGAVALID is 0), 0..granularity-1
     */
    public record Limits(long maxLbaCount, int maxDescriptorCount, long granularityBlocks, long alignmentBlocks) {
        public Limits {
            PrimaryCommands.checkRange("maxLbaCount", maxLbaCount, 1, Long.MAX_VALUE);
            PrimaryCommands.checkRange("maxDescriptorCount", maxDescriptorCount, 1,
                    BlockCommands.MAX_UNMAP_DESCRIPTORS_PER_CDB);
            PrimaryCommands.checkRange("granularityBlocks", granularityBlocks, 1, 0xFFFF_FFFFL);
            PrimaryCommands.checkRange("alignmentBlocks", alignmentBlocks, 0, granularityBlocks - 1);
        }

        /**
         * Limits from a Block Limits VPD page. FFFFFFFFh ("no limit") counts become unbounded; a count of 0
         * ("not reported") falls back to {@link #DEFAULT_MAX_BLOCKS} and one descriptor. Whether UNMAP is
         * supported at all is the Logical Block Provisioning page's LBPU bit, not decided here.
         */
        public static Limits of(BlockLimits page) {
            long lbaCount = page.maximumUnmapLbaCount();
            long maxBlocks = lbaCount == BlockLimits.UNLIMITED ? Long.MAX_VALUE
                    : lbaCount == 0 ? DEFAULT_MAX_BLOCKS : lbaCount;
            long descriptors = page.maximumUnmapBlockDescriptorCount();
            int maxDescriptors = descriptors == 0 ? 1
                    : (int) Math.min(descriptors, BlockCommands.MAX_UNMAP_DESCRIPTORS_PER_CDB);
            long granularity = Math.max(1, page.optimalUnmapGranularityBlocks());
            long alignment = page.unmapGranularityAlignmentValid()
                    ? page.unmapGranularityAlignmentBlocks() % granularity : 0;
            return new Limits(maxBlocks, maxDescriptors, granularity, alignment);
        }
    }

    private final Limits limits;

    public UnmapPlanner(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * The largest part of {@code range} made of whole unmap granules, if any. NBD TRIM is advisory, so a bridge
     * may drop the partial granules at both ends that the device would likely ignore anyway.
     */
    public java.util.Optional<BlockRange> wholeGranules(BlockRange range) {
        long g = limits.granularityBlocks();
        long a = limits.alignmentBlocks();
        long first = range.lba() + Math.floorMod(a - range.lba(), g); // first granule start >= lba
        if (first < range.lba()) {
            return java.util.Optional.empty(); // no granule starts below 2^63
        }
        long last = range.lastLba();
        long pastLastGranule = (Math.floorMod(last - a, g) + 1) % g; // blocks after the last whole granule
        long lastInclusive = last - pastLastGranule;
        if (lastInclusive < first) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new BlockRange(first, lastInclusive - first + 1));
    }

    /** The UNMAP commands, in LBA order, that together deallocate exactly {@code range}. */
    public List<BlockCommands.UnmapCommand> plan(BlockRange range) {
        // Blocks one command may carry: bounded by the LBA count and by descriptors x descriptor width.
        long byDescriptors = limits.maxDescriptorCount() <= Long.MAX_VALUE / MAX_DESCRIPTOR_BLOCKS
                ? limits.maxDescriptorCount() * MAX_DESCRIPTOR_BLOCKS : Long.MAX_VALUE;
        long perCommand = Math.min(limits.maxLbaCount(), byDescriptors);
        List<BlockCommands.UnmapCommand> commands = new ArrayList<>();
        for (BlockRange chunk : RangeSplitter.split(range, perCommand, limits.granularityBlocks(),
                limits.alignmentBlocks())) {
            commands.add(BlockCommands.unmap(RangeSplitter.split(chunk, MAX_DESCRIPTOR_BLOCKS, 1, 0)));
        }
        return commands;
    }
}
