package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnmapPlannerTest {

    private static List<BlockRange> descriptorsOf(BlockCommands.UnmapCommand cmd) {
        // Decode the parameter list independently of the builder (SBC-4 UNMAP parameter list).
        byte[] p = cmd.parameterList();
        int n = ((p[2] & 0xFF) << 8 | (p[3] & 0xFF)) / 16;
        assertEquals(p.length - 2, (p[0] & 0xFF) << 8 | (p[1] & 0xFF));
        List<BlockRange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var b = java.nio.ByteBuffer.wrap(p, 8 + 16 * i, 16);
            out.add(new BlockRange(b.getLong(), Integer.toUnsignedLong(b.getInt())));
        }
        byte[] cdb = cmd.cdb().bytes();
        assertEquals(p.length, (cdb[7] & 0xFF) << 8 | (cdb[8] & 0xFF), "PARAMETER LIST LENGTH");
        return out;
    }

    @Test
    void givenTgtUnlimitedLimits_whenWholeLunPlanned_thenOneCommandOneDescriptor() throws Exception {
        var limits = UnmapPlanner.Limits.of((BlockLimits) VpdPage.parse(Fixtures.tgt("lun1.vpdb0").buffer()));
        var plan = new UnmapPlanner(limits).plan(new BlockRange(0, 131072));

        assertEquals(1, plan.size());
        assertEquals(List.of(new BlockRange(0, 131072)), descriptorsOf(plan.get(0)));
        assertEquals(BlockCommands.MAX_UNMAP_DESCRIPTORS_PER_CDB, limits.maxDescriptorCount());
        assertEquals(Long.MAX_VALUE, limits.maxLbaCount());
    }

    @Test
    void givenUnreportedLimits_whenPlanned_thenLinuxDefaultChunksOneDescriptorEach() throws Exception {
        var limits = UnmapPlanner.Limits.of((BlockLimits) VpdPage.parse(Fixtures.tgt("lun2.vpdb0").buffer()));
        var plan = new UnmapPlanner(limits).plan(new BlockRange(10, 2 * 0x7F_FFFFL + 5));

        assertEquals(3, plan.size());
        assertEquals(List.of(new BlockRange(10, 0x7F_FFFF)), descriptorsOf(plan.get(0)));
        assertEquals(List.of(new BlockRange(10 + 2 * 0x7F_FFFFL, 5)), descriptorsOf(plan.get(2)));
    }

    @Test
    void givenGranularity8_whenUnalignedRangePlanned_thenInnerSplitsOnGranuleBoundaries() {
        var plan = new UnmapPlanner(new UnmapPlanner.Limits(100, 1, 8, 0)).plan(new BlockRange(3, 250));

        assertEquals(List.of(new BlockRange(3, 93)), descriptorsOf(plan.get(0)));
        assertEquals(List.of(new BlockRange(96, 96)), descriptorsOf(plan.get(1)));
        assertEquals(List.of(new BlockRange(192, 61)), descriptorsOf(plan.get(2)));
    }

    @Test
    void givenAlignment3_whenPlanned_thenSplitsAtLbaCongruentTo3() {
        var plan = new UnmapPlanner(new UnmapPlanner.Limits(20, 1, 8, 3)).plan(new BlockRange(0, 50));

        List<Long> starts = plan.stream().map(c -> descriptorsOf(c).get(0).lba()).toList();
        assertEquals(List.of(0L, 19L, 35L), starts);
    }

    @Test
    void givenMoreThan2Pow32Blocks_whenPlanned_thenSeveralDescriptorsPerCommand() {
        var plan = new UnmapPlanner(new UnmapPlanner.Limits(Long.MAX_VALUE, 2, 1, 0))
                .plan(new BlockRange(0, 3L << 32));

        assertEquals(2, plan.size());
        assertEquals(List.of(new BlockRange(0, 0xFFFF_FFFFL), new BlockRange(0xFFFF_FFFFL, 0xFFFF_FFFFL)),
                descriptorsOf(plan.get(0)));
        assertEquals(List.of(new BlockRange(0x1_FFFF_FFFEL, 0xFFFF_FFFFL), new BlockRange(0x2_FFFF_FFFDL, 3)),
                descriptorsOf(plan.get(1)));
    }

    @Test
    void givenBoundaryRanges_whenPlanned_thenLba0AndLastLbaBelow2Pow63Work() {
        assertEquals(List.of(new BlockRange(0, 1)),
                descriptorsOf(new UnmapPlanner(new UnmapPlanner.Limits(1, 1, 1, 0)).plan(new BlockRange(0, 1)).get(0)));
        var last = new UnmapPlanner(new UnmapPlanner.Limits(4, 1, 4, 0)).plan(new BlockRange(Long.MAX_VALUE - 9, 10));
        assertEquals(Long.MAX_VALUE, descriptorsOf(last.get(last.size() - 1)).get(0).lastLba());
    }

    @Test
    void givenInvalidLimits_whenBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UnmapPlanner.Limits(0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new UnmapPlanner.Limits(1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new UnmapPlanner.Limits(1, 1, 8, 8));
    }

    @Test
    void givenRandomRangesAndLimits_whenPlanned_thenExactCoverWithinEveryLimit() {
        Random random = new Random(42);
        for (int iteration = 0; iteration < 3000; iteration++) {
            long granularity = random.nextBoolean() ? 1 : 1L << random.nextInt(12);
            long alignment = granularity == 1 ? 0 : Math.floorMod(random.nextLong(), granularity);
            long maxLba = random.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + random.nextInt(1 << 20);
            int maxDescriptors = 1 + random.nextInt(8);
            var limits = new UnmapPlanner.Limits(maxLba, maxDescriptors, granularity, alignment);
            long lba = random.nextBoolean() ? random.nextInt(1 << 20) : Long.MAX_VALUE - random.nextInt(1 << 24);
            long blocks = 1 + Math.floorMod(random.nextLong(), Math.min(Long.MAX_VALUE - lba, 1L << 23) + 1);
            BlockRange range = new BlockRange(lba, Math.min(blocks, Long.MAX_VALUE - lba + 1));

            var plan = new UnmapPlanner(limits).plan(range);

            long next = range.lba();
            for (int c = 0; c < plan.size(); c++) {
                List<BlockRange> ds = descriptorsOf(plan.get(c));
                assertTrue(ds.size() <= maxDescriptors);
                long total = 0;
                for (BlockRange d : ds) {
                    assertEquals(next, d.lba(), "contiguous");
                    assertTrue(d.blocks() <= 0xFFFF_FFFFL);
                    next = d.lastLba() + 1;
                    total += d.blocks();
                }
                assertTrue(total <= maxLba, "within MAXIMUM UNMAP LBA COUNT");
                if (c > 0 && maxLba >= granularity) {
                    assertEquals(0, Math.floorMod(ds.get(0).lba() - alignment, granularity), "aligned split");
                }
            }
            assertEquals(range.lastLba(), next - 1, "covers the range exactly: " + range + " " + limits);
        }
    }

    @Test
    void givenGranularity8Alignment3_whenWholeGranulesAsked_thenInnerAlignedPartOrEmpty() {
        var planner = new UnmapPlanner(new UnmapPlanner.Limits(Long.MAX_VALUE, 1, 8, 3));

        assertEquals(java.util.Optional.of(new BlockRange(3, 16)), planner.wholeGranules(new BlockRange(0, 21)));
        assertEquals(java.util.Optional.of(new BlockRange(11, 8)), planner.wholeGranules(new BlockRange(11, 8)));
        assertEquals(java.util.Optional.empty(), planner.wholeGranules(new BlockRange(4, 14)));
        assertEquals(java.util.Optional.of(new BlockRange(5, 1)),
                new UnmapPlanner(new UnmapPlanner.Limits(10, 1, 1, 0)).wholeGranules(new BlockRange(5, 1)));
    }

    @Test
    void givenRandomRanges_whenWholeGranulesAsked_thenAlignedInsideAndMaximal() {
        Random random = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            long g = random.nextBoolean() ? 1L << random.nextInt(10) : 1 + random.nextInt(600);
            long a = Math.floorMod(random.nextLong(), g);
            var planner = new UnmapPlanner(new UnmapPlanner.Limits(Long.MAX_VALUE, 1, g, a));
            long lba = random.nextBoolean() ? random.nextInt(1 << 16) : Long.MAX_VALUE - random.nextInt(1 << 16);
            long blocks = 1 + random.nextInt(1 << 12);
            if (blocks - 1 > Long.MAX_VALUE - lba) {
                continue;
            }
            BlockRange range = new BlockRange(lba, blocks);
            var inner = planner.wholeGranules(range);
            // Brute force: granule starts inside the range whose whole granule fits.
            long firstStart = -1;
            long count = 0;
            for (long b = lba; b <= range.lastLba() && b - lba < blocks; b++) {
                if (Math.floorMod(b - a, g) == 0 && b + g - 1 <= range.lastLba() && b + g - 1 >= b) {
                    if (firstStart < 0) {
                        firstStart = b;
                    }
                    count++;
                }
                if (b == Long.MAX_VALUE) {
                    break;
                }
            }
            if (count == 0) {
                assertTrue(inner.isEmpty(), range + " g=" + g + " a=" + a + " -> " + inner);
            } else {
                assertEquals(java.util.Optional.of(new BlockRange(firstStart, count * g)), inner,
                        range + " g=" + g + " a=" + a);
            }
        }
    }

    @Test
    void givenMaximumTransferLength_whenRangeSplit_thenPiecesWithinIt() {
        assertEquals(List.of(new BlockRange(10, 4), new BlockRange(14, 4), new BlockRange(18, 2)),
                new BlockRange(10, 10).split(4));
        assertEquals(List.of(new BlockRange(Long.MAX_VALUE, 1)), new BlockRange(Long.MAX_VALUE, 1).split(4));
    }
}
