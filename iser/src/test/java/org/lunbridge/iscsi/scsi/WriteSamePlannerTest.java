package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteSamePlannerTest {

    /** LBA and NUMBER OF LOGICAL BLOCKS decoded from a WRITE SAME(16) CDB. */
    private static BlockRange rangeOf(Cdb cdb) {
        ByteBuffer b = ByteBuffer.wrap(cdb.bytes());
        assertEquals(ScsiConstants.WRITE_SAME_16, b.get(0) & 0xFF);
        return new BlockRange(b.getLong(2), Integer.toUnsignedLong(b.getInt(10)));
    }

    @Test
    void givenTgtBlockLimitsWithoutWriteSameLength_whenPlanned_thenLinuxDefaultChunks() throws Exception {
        var bl = (BlockLimits) VpdPage.parse(Fixtures.tgt("lun1.vpdb0").buffer());
        var planner = WriteSamePlanner.of(bl, 512);

        assertEquals(WriteSamePlanner.DEFAULT_MAX_BLOCKS, planner.maxBlocks());
        List<Cdb> plan = planner.plan(new BlockRange(0, 0x80_0000), true, false);
        assertEquals(List.of(new BlockRange(0, 0x7F_FFFF), new BlockRange(0x7F_FFFF, 1)),
                plan.stream().map(WriteSamePlannerTest::rangeOf).toList());
        assertEquals(0x08, plan.get(0).bytes()[1], "UNMAP bit");
        assertEquals(512, plan.get(0).transferLengthBytes());
    }

    @Test
    void givenReportedMaximumAndGranularity_whenPlannedWithUnmap_thenSplitsAligned() throws Exception {
        var bl = BlockLimits.parse(Fixtures.buf("""
                00 b0 003c 00 00 0000 00000000 00000000 00000000 ffffffff ffffffff
                00000010 80000004 | 00000000 00000040
                00000000 00000000 00000000 00000000 00000000"""));
        var planner = WriteSamePlanner.of(bl, 4096);

        List<BlockRange> unmapping = planner.plan(new BlockRange(1, 150), true, true).stream()
                .map(WriteSamePlannerTest::rangeOf).toList();
        List<BlockRange> writing = planner.plan(new BlockRange(1, 150), false, false).stream()
                .map(WriteSamePlannerTest::rangeOf).toList();

        assertEquals(List.of(new BlockRange(1, 51), new BlockRange(52, 64), new BlockRange(116, 35)), unmapping);
        assertEquals(List.of(new BlockRange(1, 64), new BlockRange(65, 64), new BlockRange(129, 22)), writing);
    }

    @Test
    void givenNdob_whenPlanned_thenNoDataOut() {
        var planner = new WriteSamePlanner(16, 1, 0, 512);

        for (Cdb cdb : planner.plan(new BlockRange(0, 40), false, true)) {
            assertEquals(Cdb.Direction.NONE, cdb.direction());
            assertEquals(0x01, cdb.bytes()[1]);
        }
    }

    @Test
    void givenMaximumBeyond32Bits_whenPlannerBuilt_thenClampedToFieldWidth() throws Exception {
        var bl = BlockLimits.parse(Fixtures.buf("00 b0 003c" + " 00".repeat(32) + " 00000010 00000000"));

        assertEquals(0xFFFF_FFFFL, WriteSamePlanner.of(bl, 512).maxBlocks());
        assertThrows(IllegalArgumentException.class, () -> new WriteSamePlanner(0x1_0000_0000L, 1, 0, 512));
    }

    @Test
    void givenRandomRanges_whenPlanned_thenExactContiguousCoverWithinMaximum() {
        Random random = new Random(3);
        for (int i = 0; i < 3000; i++) {
            long max = 1 + random.nextInt(1 << 16);
            long granularity = 1L << random.nextInt(10);
            var planner = new WriteSamePlanner(max, granularity, Math.floorMod(random.nextLong(), granularity), 512);
            long lba = random.nextBoolean() ? random.nextInt(1 << 30) : Long.MAX_VALUE - random.nextInt(1 << 22);
            long blocks = 1 + random.nextInt(1 << 21);
            BlockRange range = new BlockRange(lba, Math.min(blocks, Long.MAX_VALUE - lba + 1));

            long next = range.lba();
            for (Cdb cdb : planner.plan(range, random.nextBoolean(), false)) {
                BlockRange r = rangeOf(cdb);
                assertEquals(next, r.lba());
                assertTrue(r.blocks() <= max);
                next = r.lastLba() + 1;
            }
            assertEquals(range.lastLba(), next - 1);
        }
    }
}
