package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.hex;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact CDBs and parameter lists, each fixture written from the SBC-4 table, field by field. */
class BlockCommandsTest {

    @Test
    void givenReadCapacity10_whenBuilt_thenOpcodeOnlyAndEightBytesExpected() {
        Cdb cdb = BlockCommands.readCapacity10();

        assertArrayEquals(hex("25 | 00 | 00 00 00 00 | 00 00 | 00 | 00"), cdb.bytes());
        assertEquals(8, cdb.transferLengthBytes());
    }

    @Test
    void givenReadCapacity16_whenBuilt_thenServiceAction10hAndAllocationAt10() {
        Cdb cdb = BlockCommands.readCapacity16(32);

        // 9Eh | SA 10h | LBA (obsolete) x8 | ALLOCATION LENGTH x4 | PMI | CONTROL
        assertArrayEquals(hex("9e | 10 | 00000000 00000000 | 00000020 | 00 | 00"), cdb.bytes());
        assertArrayEquals(Fixtures.tgt("lun1.readcap16").cdb(), cdb.bytes());
    }

    @Test
    void givenGetLbaStatus_whenBuilt_thenServiceAction12hWithStartingLba() {
        Cdb cdb = BlockCommands.getLbaStatus(2048, 64);

        assertArrayEquals(hex("9e | 12 | 00000000 00000800 | 00000040 | 00 | 00"), cdb.bytes());
        assertArrayEquals(Fixtures.tgt("lun1.getlbastatus-2048").cdb(), cdb.bytes());
    }

    @Test
    void givenSmallRangeWithFua_whenReadBuilt_thenRead10WithFuaBit3() {
        Cdb cdb = BlockCommands.read(new BlockRange(0x12345678L, 0x0102), 512, true);

        // 28h | FUA (bit 3) | LBA x4 | GROUP | TRANSFER LENGTH x2 | CONTROL
        assertArrayEquals(hex("28 | 08 | 12 34 56 78 | 00 | 01 02 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.READ, cdb.direction());
        assertEquals(0x102 * 512, cdb.transferLengthBytes());
        assertEquals("READ(10) lba=305419896 blocks=258 fua", cdb.description());
    }

    @Test
    void givenLbaAbove32Bits_whenReadBuilt_thenRead16AsLibiscsiSent() {
        Cdb cdb = BlockCommands.read(new BlockRange(0x1_2345_6789L, 1), 512, false);

        // 88h | flags | LBA x8 | TRANSFER LENGTH x4 | GROUP | CONTROL
        assertArrayEquals(hex("88 | 00 | 00000001 23456789 | 00000001 | 00 | 00"), cdb.bytes());
        // libiscsi's READ(16) of LBA 131072 (one past tgt's last block), as captured.
        assertArrayEquals(Fixtures.tgt("sense.lba-out-of-range").cdb(),
                BlockCommands.read16(new BlockRange(131072, 1), 512, false).bytes());
    }

    @Test
    void givenWriteWithFua_whenBuilt_thenSameBytesLibiscsiSentForWrite16() {
        Cdb cdb = BlockCommands.write16(new BlockRange(2048, 8), 512, true);

        assertArrayEquals(hex("8a | 08 | 00000000 00000800 | 00000008 | 00 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.WRITE, cdb.direction());
        assertEquals(4096, cdb.transferLengthBytes());
    }

    @Test
    void givenBoundaryRanges_whenReadOrWriteBuilt_thenSixteenOnlyWhenTenCannotCarryIt() {
        assertEquals(ScsiConstants.READ_10, BlockCommands.read(new BlockRange(0xFFFF_FFFFL, 1), 512, false).opcode());
        assertEquals(ScsiConstants.READ_16,
                BlockCommands.read(new BlockRange(0x1_0000_0000L, 1), 512, false).opcode());
        assertEquals(ScsiConstants.WRITE_10, BlockCommands.write(new BlockRange(0, 0xFFFF), 512, false).opcode());
        assertEquals(ScsiConstants.WRITE_16, BlockCommands.write(new BlockRange(0, 0x10000), 512, false).opcode());
        assertArrayEquals(hex("2a | 00 | 00 00 00 00 | 00 | 00 01 | 00"),
                BlockCommands.write(new BlockRange(0, 1), 4096, false).bytes());
    }

    @Test
    void givenTransferOver4GiB_whenReadBuilt_thenRejectedBeforeOverflowingEdtl() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BlockCommands.read(new BlockRange(0, 0x80_0000), 512, false));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BlockCommands.read16(new BlockRange(0, 0x1_0000_0000L), 1, false));
        assertThrows(IllegalArgumentException.class,
                () -> BlockCommands.read10(new BlockRange(0x1_0000_0000L, 1), 512, false));
    }

    @Test
    void givenZeroBlocks_whenRangeBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRange(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockRange(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockRange(Long.MAX_VALUE, 2));
        assertEquals(Long.MAX_VALUE, new BlockRange(Long.MAX_VALUE, 1).lastLba());
    }

    @Test
    void givenSynchronizeCache_whenBuilt_thenWholeCacheOrRangeWithImmed() {
        assertArrayEquals(hex("35 | 00 | 00000000 | 00 | 0000 | 00"),
                BlockCommands.synchronizeCache(false).bytes());
        assertArrayEquals(hex("35 | 02 | 00001000 | 00 | 0010 | 00"),
                BlockCommands.synchronizeCache(new BlockRange(0x1000, 0x10), true).bytes());
        assertArrayEquals(hex("91 | 00 | 00000001 00000000 | 00000010 | 00 | 00"),
                BlockCommands.synchronizeCache(new BlockRange(0x1_0000_0000L, 0x10), false).bytes());
        assertEquals(Cdb.Direction.NONE, BlockCommands.synchronizeCache(false).direction());
    }

    @Test
    void givenPreFetch_whenBuilt_thenTenOrSixteenWithImmed() {
        assertArrayEquals(hex("34 | 02 | 00000010 | 00 | 0020 | 00"),
                BlockCommands.preFetch(new BlockRange(0x10, 0x20), true).bytes());
        assertArrayEquals(hex("90 | 00 | 00000000 00000010 | 00010000 | 00 | 00"),
                BlockCommands.preFetch(new BlockRange(0x10, 0x10000), false).bytes());
    }

    @Test
    void givenWriteSame16WithUnmap_whenBuilt_thenUnmapBitAndOneBlockDataOut() {
        Cdb cdb = BlockCommands.writeSame16(new BlockRange(0x100, 0x80), 4096, true, false);

        // 93h | WRPROTECT 000b, ANCHOR 0, UNMAP (bit 3), NDOB 0 | LBA x8 | NUMBER OF LOGICAL BLOCKS x4 | GROUP | CONTROL
        assertArrayEquals(hex("93 | 08 | 00000000 00000100 | 00000080 | 00 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.WRITE, cdb.direction());
        assertEquals(4096, cdb.transferLengthBytes());
    }

    @Test
    void givenWriteSame16WithNdob_whenBuilt_thenNoDataOut() {
        Cdb cdb = BlockCommands.writeSame16(new BlockRange(0, 1), 512, true, true);

        assertArrayEquals(hex("93 | 09 | 00000000 00000000 | 00000001 | 00 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.NONE, cdb.direction());
        assertEquals(0, cdb.transferLengthBytes());
    }

    @Test
    void givenOneRange_whenUnmapBuilt_thenCdbAndParameterListPerSbc() {
        var cmd = BlockCommands.unmap(List.of(new BlockRange(0x1000, 0x800)));

        // 42h | ANCHOR 0 | reserved x4 | GROUP | PARAMETER LIST LENGTH 0018h | CONTROL
        assertArrayEquals(hex("42 | 00 | 00 00 00 00 | 00 | 00 18 | 00"), cmd.cdb().bytes());
        // UNMAP DATA LENGTH 16h | BLOCK DESCRIPTOR DATA LENGTH 10h | reserved x4 |
        // LBA x8 | NUMBER OF LOGICAL BLOCKS x4 | reserved x4
        assertArrayEquals(hex("0016 | 0010 | 00000000 | 00000000 00001000 | 00000800 | 00000000"),
                cmd.parameterList());
        assertEquals(Cdb.Direction.WRITE, cmd.cdb().direction());
        assertEquals(24, cmd.cdb().transferLengthBytes());
    }

    @Test
    void givenTwoRanges_whenUnmapBuilt_thenTwoDescriptorsAndLengthsCountThem() {
        var cmd = BlockCommands.unmap(List.of(new BlockRange(0, 1), new BlockRange(0xFFFF_FFFF_FFL, 0xFFFF_FFFFL)));

        assertArrayEquals(hex("""
                0026 | 0020 | 00000000
                00000000 00000000 | 00000001 | 00000000
                000000ff ffffffff | ffffffff | 00000000"""), cmd.parameterList());
        assertArrayEquals(hex("42 00 00000000 00 0028 00"), cmd.cdb().bytes());
    }

    @Test
    void givenTooManyOrTooLongDescriptors_whenUnmapBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> BlockCommands.unmap(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> BlockCommands.unmap(List.of(new BlockRange(0, 0x1_0000_0000L))));
        var many = java.util.stream.LongStream.range(0, BlockCommands.MAX_UNMAP_DESCRIPTORS_PER_CDB + 1)
                .mapToObj(i -> new BlockRange(i * 2, 1)).toList();
        assertThrows(IllegalArgumentException.class, () -> BlockCommands.unmap(many));
        assertEquals(4095, BlockCommands.unmap(many.subList(0, 4095)).ranges().size());
    }

    @org.junit.jupiter.api.Test
    void givenRandomRanges_whenReadWriteSyncPrefetchBuilt_thenFieldsDecodeBackAndSmallestCdbChosen() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            long lba = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(1 << 20);
                case 1 -> 0xFFFF_FFFFL - random.nextInt(4) + random.nextInt(4);
                default -> random.nextLong() >>> 1;
            };
            long blocks = switch (random.nextInt(3)) {
                case 0 -> 1 + random.nextInt(0xFFFF);
                case 1 -> 0xFFFF + random.nextInt(3);
                default -> 1 + random.nextInt(1 << 22);
            };
            if (blocks - 1 > Long.MAX_VALUE - lba) {
                continue;
            }
            BlockRange range = new BlockRange(lba, blocks);
            boolean fua = random.nextBoolean();
            boolean ten = lba <= 0xFFFF_FFFFL && blocks <= 0xFFFF;
            for (Cdb cdb : List.of(BlockCommands.read(range, 512, fua), BlockCommands.write(range, 512, fua),
                    BlockCommands.synchronizeCache(range, fua), BlockCommands.preFetch(range, fua))) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(cdb.bytes());
                assertEquals(ten ? 10 : 16, b.capacity(), cdb.toString());
                long decodedLba = ten ? Integer.toUnsignedLong(b.getInt(2)) : b.getLong(2);
                long decodedBlocks = ten ? Short.toUnsignedInt(b.getShort(7)) : Integer.toUnsignedLong(b.getInt(10));
                assertEquals(range, new BlockRange(decodedLba, decodedBlocks), cdb.toString());
                int flags = b.get(1);
                boolean isIo = cdb.direction() != Cdb.Direction.NONE;
                assertEquals(fua ? (isIo ? 0x08 : 0x02) : 0, flags, cdb.toString());
                assertEquals(isIo ? blocks * 512 : 0, cdb.transferLengthBytes());
            }
        }
    }
}
