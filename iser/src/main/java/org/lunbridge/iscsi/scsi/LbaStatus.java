package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * GET LBA STATUS parameter data (SBC-4).
 * <pre>
 * | 0..3 | PARAMETER DATA LENGTH (n - 3) |      LBA status descriptor (16 bytes)
 * | 4..7 | reserved                      |      | 0..7  | LBA STATUS LOGICAL BLOCK ADDRESS         |
 * | 8..  | LBA status descriptors        |      | 8..11 | NUMBER OF LOGICAL BLOCKS                 |
 *                                               | 12    | reserved | PROVISIONING STATUS (3..0)     |
 *                                               | 13    | ADDITIONAL STATUS                        |
 *                                               | 14..15| reserved                                 |
 * </pre>
 *
 * @param parameterDataLength PARAMETER DATA LENGTH; the whole data is this + 4 bytes
 * @param descriptors the complete descriptors received
 */
public record LbaStatus(long parameterDataLength, List<Descriptor> descriptors) {
    public static final int MAPPED = 0;
    public static final int DEALLOCATED = 1;
    public static final int ANCHORED = 2;

    public LbaStatus {
        descriptors = List.copyOf(descriptors);
    }

    /**
     * @param provisioningStatus 0 mapped (or unknown), 1 deallocated, 2 anchored
     */
    public record Descriptor(BlockRange range, int provisioningStatus, int additionalStatus) {
        /** True when the blocks are deallocated or anchored: a hole from NBD's point of view. */
        public boolean unmapped() {
            return provisioningStatus == DEALLOCATED || provisioningStatus == ANCHORED;
        }
    }

    /** True when more descriptors exist than were received. */
    public boolean truncated(int receivedBytes) {
        return receivedBytes < parameterDataLength + 4;
    }

    /**
     * Decodes the data. A descriptor with NUMBER OF LOGICAL BLOCKS 0 is malformed (it would stall a caller
     * iterating over the LBA space) and rejected.
     */
    public static LbaStatus parse(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 8) {
            throw ScsiDataException.tooShort("GET LBA STATUS data", b.length, 8);
        }
        long parameterDataLength = Bytes.u32(b, 0);
        long length = Math.min(b.length, parameterDataLength + 4);
        List<Descriptor> descriptors = new ArrayList<>();
        for (int off = 8; off + 16 <= length; off += 16) {
            long lba = Bytes.u64(b, off);
            long blocks = Bytes.u32(b, off + 8);
            if (lba < 0 || blocks == 0 || blocks - 1 > Long.MAX_VALUE - lba) {
                throw new ScsiDataException("GET LBA STATUS descriptor at byte " + off + ": lba "
                        + Long.toUnsignedString(lba) + " blocks " + blocks + " (expected: non-empty, below 2^63)");
            }
            descriptors.add(new Descriptor(new BlockRange(lba, blocks), b[off + 12] & 0x0F, Bytes.u8(b, off + 13)));
        }
        return new LbaStatus(parameterDataLength, descriptors);
    }
}
