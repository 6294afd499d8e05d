package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogicalBlockGeometryTest {
    private final LogicalBlockGeometry lun = new LogicalBlockGeometry(4096, 8192);

    @Test
    void givenAlignedRange_whenConverted_thenBlocksAndBack() {
        BlockRange r = lun.toBlocks(8192, 16384);

        assertEquals(new BlockRange(2, 4), r);
        assertEquals(8192, lun.offsetBytes(r));
        assertEquals(16384, lun.lengthBytes(r));
        assertEquals(32 * 1024 * 1024, lun.sizeBytes());
    }

    @Test
    void givenLastBlock_whenConverted_thenAcceptedAndOnePastRejected() {
        assertEquals(new BlockRange(8191, 1), lun.toBlocks(lun.sizeBytes() - 4096, 4096));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(lun.sizeBytes(), 4096));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(lun.sizeBytes() - 4096, 8192));
        assertThrows(IllegalArgumentException.class, () -> lun.offsetBytes(new BlockRange(8192, 1)));
    }

    @Test
    void givenUnalignedOrEmptyRange_whenConverted_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(512, 4096));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(0, 4095));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(0, 0));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(-4096, 4096));
        assertFalse(lun.isAligned(512, 4096));
    }

    @Test
    void givenOffsetsNear2Pow63_whenChecked_thenNoOverflow() {
        assertFalse(lun.contains(Long.MAX_VALUE, Long.MAX_VALUE));
        assertFalse(lun.contains(4096, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> lun.toBlocks(Long.MAX_VALUE - 4095, 4096));
        var huge = new LogicalBlockGeometry(512, Long.MAX_VALUE / 512);
        assertEquals(Long.MAX_VALUE / 512 * 512, huge.sizeBytes());
        assertEquals(new BlockRange(Long.MAX_VALUE / 512 - 1, 1), huge.toBlocks(huge.sizeBytes() - 512, 512));
        assertThrows(IllegalArgumentException.class, () -> new LogicalBlockGeometry(512, Long.MAX_VALUE / 512 + 1));
    }

    @Test
    void givenUnalignedRange_whenEnclosed_thenSmallestCoveringBlocks() {
        assertEquals(new BlockRange(0, 2), lun.enclosingBlocks(100, 4000));
        assertEquals(new BlockRange(0, 1), lun.enclosingBlocks(0, 1));
        assertEquals(new BlockRange(8191, 1), lun.enclosingBlocks(lun.sizeBytes() - 1, 1));
    }

    @Test
    void givenReadCapacity_whenGeometryBuilt_thenCountIsLastLbaPlusOne() throws Exception {
        var g = LogicalBlockGeometry.of(ReadCapacity.parse16(Fixtures.tgt("lun2.readcap16").buffer()));

        assertEquals(new LogicalBlockGeometry(4096, 8192), g);
    }

    @Test
    void givenRandomByteRanges_whenConverted_thenRoundTripOrRejectedConsistently() {
        Random random = new Random(11);
        var g = new LogicalBlockGeometry(512, 1L << 40);
        for (int i = 0; i < 10_000; i++) {
            long offset = random.nextLong() >> random.nextInt(63);
            long length = random.nextLong() >> random.nextInt(63);
            if (random.nextBoolean()) {
                offset &= ~511L;
                length &= ~511L;
            }
            boolean valid = length > 0 && g.contains(offset, length) && g.isAligned(offset, length);
            if (valid) {
                BlockRange r = g.toBlocks(offset, length);
                assertEquals(offset, g.offsetBytes(r));
                assertEquals(length, g.lengthBytes(r));
            } else {
                long o = offset;
                long l = length;
                assertThrows(IllegalArgumentException.class, () -> g.toBlocks(o, l));
            }
        }
    }
}
