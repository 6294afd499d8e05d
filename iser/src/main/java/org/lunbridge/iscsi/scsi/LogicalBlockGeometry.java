package org.lunbridge.iscsi.scsi;

/**
 * Converts between byte ranges (what NBD speaks) and logical block ranges (what SBC speaks) for one logical unit.
 *
 * <p>All arithmetic is overflow-checked: a byte offset near 2^63 is rejected, never wrapped.
 *
 * @param blockLengthBytes LOGICAL BLOCK LENGTH IN BYTES (SBC-4 READ CAPACITY parameter data), >= 1
 * @param blockCount number of logical blocks (RETURNED LOGICAL BLOCK ADDRESS + 1), >= 0, with
 *     {@code blockCount * blockLengthBytes <= Long.MAX_VALUE}
 */
public record LogicalBlockGeometry(int blockLengthBytes, long blockCount) {
    public LogicalBlockGeometry {
        if (blockLengthBytes < 1) {
            throw new IllegalArgumentException("blockLengthBytes: " + blockLengthBytes + " (expected: >= 1)");
        }
        if (blockCount < 0 || blockCount > Long.MAX_VALUE / blockLengthBytes) {
            throw new IllegalArgumentException("blockCount: " + blockCount + " (expected: 0.."
                    + Long.MAX_VALUE / blockLengthBytes + " so the size fits in 63 bits)");
        }
    }

    /** Geometry reported by READ CAPACITY. */
    public static LogicalBlockGeometry of(ReadCapacity capacity) {
        return new LogicalBlockGeometry(capacity.blockLengthBytes(), capacity.blockCount());
    }

    /** Size of the logical unit in bytes. */
    public long sizeBytes() {
        return blockCount * blockLengthBytes;
    }

    /** True when both offset and length are multiples of the block length (length may be 0). */
    public boolean isAligned(long offsetBytes, long lengthBytes) {
        return offsetBytes % blockLengthBytes == 0 && lengthBytes % blockLengthBytes == 0;
    }

    /** True when {@code [offset, offset + length)} lies inside the unit; no overflow for any inputs. */
    public boolean contains(long offsetBytes, long lengthBytes) {
        return offsetBytes >= 0 && lengthBytes >= 0 && offsetBytes <= sizeBytes()
                && lengthBytes <= sizeBytes() - offsetBytes;
    }

    /**
     * The blocks exactly covering an aligned, non-empty byte range inside the unit.
     *
     * @throws IllegalArgumentException if the range is empty, unaligned or not inside the unit
     */
    public BlockRange toBlocks(long offsetBytes, long lengthBytes) {
        checkInside(offsetBytes, lengthBytes);
        if (!isAligned(offsetBytes, lengthBytes)) {
            throw new IllegalArgumentException("offset " + offsetBytes + " length " + lengthBytes
                    + " (expected: multiples of the block length " + blockLengthBytes + ")");
        }
        return new BlockRange(offsetBytes / blockLengthBytes, lengthBytes / blockLengthBytes);
    }

    /**
     * The smallest block range enclosing a non-empty byte range inside the unit, for read-modify-write of an
     * unaligned request.
     */
    public BlockRange enclosingBlocks(long offsetBytes, long lengthBytes) {
        checkInside(offsetBytes, lengthBytes);
        long first = offsetBytes / blockLengthBytes;
        long last = (offsetBytes + lengthBytes - 1) / blockLengthBytes;
        return new BlockRange(first, last - first + 1);
    }

    /** The byte offset of a block range inside the unit. */
    public long offsetBytes(BlockRange range) {
        checkBlocks(range);
        return range.lba() * blockLengthBytes;
    }

    /** The length in bytes of a block range inside the unit. */
    public long lengthBytes(BlockRange range) {
        checkBlocks(range);
        return range.blocks() * blockLengthBytes;
    }

    /** True when the range lies inside the unit. */
    public boolean contains(BlockRange range) {
        return range.lastLba() < blockCount;
    }

    private void checkInside(long offsetBytes, long lengthBytes) {
        if (lengthBytes <= 0) {
            throw new IllegalArgumentException("lengthBytes: " + lengthBytes + " (expected: > 0)");
        }
        if (!contains(offsetBytes, lengthBytes)) {
            throw new IllegalArgumentException("offset " + offsetBytes + " length " + lengthBytes
                    + " (expected: inside the unit of " + sizeBytes() + " bytes)");
        }
    }

    private void checkBlocks(BlockRange range) {
        if (!contains(range)) {
            throw new IllegalArgumentException(range + " (expected: inside the unit of " + blockCount + " blocks)");
        }
    }
}
