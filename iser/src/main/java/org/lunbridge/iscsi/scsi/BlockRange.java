package org.lunbridge.iscsi.scsi;

/**
 * A non-empty run of logical blocks {@code [lba, lba + blocks)}.
 *
 * <p>SBC-4 LBAs are 64-bit unsigned; lunbridge limits them to 0..2^63-1 so that {@code lba + blocks - 1} never
 * wraps a Java {@code long}. No real device approaches 2^63 blocks.
 *
 * @param lba first logical block address, >= 0
 * @param blocks number of blocks, >= 1, with {@code lba + blocks - 1 <= Long.MAX_VALUE}
 */
public record BlockRange(long lba, long blocks) {
    public BlockRange {
        if (lba < 0) {
            throw new IllegalArgumentException("lba: " + lba + " (expected: >= 0)");
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks: " + blocks + " (expected: >= 1)");
        }
        if (blocks - 1 > Long.MAX_VALUE - lba) {
            throw new IllegalArgumentException("lba " + lba + " + blocks " + blocks + " overflows 2^63");
        }
    }

    /** The last block of the range (inclusive); never overflows. */
    public long lastLba() {
        return lba + blocks - 1;
    }

    /** True when {@code other} lies entirely inside this range. */
    public boolean contains(BlockRange other) {
        return other.lba >= lba && other.lastLba() <= lastLba();
    }

    /**
     * This range cut into pieces of at most {@code maxBlocks}, in LBA order; e.g. to respect MAXIMUM TRANSFER
     * LENGTH (Block Limits VPD page) when a READ or WRITE is larger than the device accepts.
     */
    public java.util.List<BlockRange> split(long maxBlocks) {
        return RangeSplitter.split(this, maxBlocks, 1, 0);
    }

    @Override
    public String toString() {
        return "lba=" + lba + " blocks=" + blocks;
    }
}
