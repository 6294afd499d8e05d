package org.lunbridge.iscsi.scsi;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a block range into chunks of at most {@code maxBlocks}, placing every split point on a granularity
 * boundary ({@code (lba - alignment) mod granularity == 0}) when it can, so that each chunk except the first and
 * last covers whole granules. SBC-4 (UNMAP granularity, Block Limits VPD page): a device may ignore the part of an UNMAP that does not cover a
 * whole granule, so a split inside a granule could leave it mapped on both sides.
 */
final class RangeSplitter {
    private RangeSplitter() {}

    static List<BlockRange> split(BlockRange range, long maxBlocks, long granularity, long alignment) {
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks: " + maxBlocks + " (expected: >= 1)");
        }
        if (granularity < 1) {
            throw new IllegalArgumentException("granularity: " + granularity + " (expected: >= 1)");
        }
        List<BlockRange> out = new ArrayList<>();
        long pos = range.lba();
        long last = range.lastLba();
        while (true) {
            long remaining = last - pos + 1; // <= range.blocks(): no overflow
            long n = Math.min(remaining, maxBlocks);
            if (n < remaining && granularity > 1) {
                long chunkEnd = pos + n; // exclusive, <= last: no overflow
                long aligned = chunkEnd - Math.floorMod(chunkEnd - alignment, granularity);
                if (aligned > pos) {
                    n = aligned - pos;
                }
            }
            out.add(new BlockRange(pos, n));
            if (n == remaining) {
                return out;
            }
            pos += n;
        }
    }
}
