package org.lunbridge.iscsi.scsi;

import static org.lunbridge.iscsi.scsi.PrimaryCommands.checkRange;
import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.util.List;

/**
 * CDB builders for the SBC-4 commands of a direct-access block device.
 *
 * <p>The READ/WRITE family shares two layouts:
 * <pre>
 *  10-byte (SBC-4 READ (10))             16-byte (SBC-4 READ (16))
 *  +------+------------------------+       +--------+------------------------+
 *  | 0    | OPERATION CODE         |       | 0      | OPERATION CODE         |
 *  | 1    | flags (see below)      |       | 1      | flags                  |
 *  | 2..5 | LOGICAL BLOCK ADDRESS  |       | 2..9   | LOGICAL BLOCK ADDRESS  |
 *  | 6    | GROUP NUMBER (4..0)    |       | 10..13 | TRANSFER LENGTH        |
 *  | 7..8 | TRANSFER LENGTH        |       | 14     | GROUP NUMBER (4..0)    |
 *  | 9    | CONTROL                |       | 15     | CONTROL                |
 *  +------+------------------------+       +--------+------------------------+
 * </pre>
 * Flags: READ/WRITE RDPROTECT/WRPROTECT (7..5), DPO (4), FUA (3); SYNCHRONIZE CACHE and PRE-FETCH IMMED (1);
 * WRITE SAME(16) UNMAP (3), ANCHOR (2), NDOB (0).
 */
public final class BlockCommands {
    private BlockCommands() {}

    private static final int FUA = 0x08;
    private static final int IMMED = 0x02;
    private static final int WS_UNMAP = 0x08;
    private static final int WS_NDOB = 0x01;
    static final long MAX_10_LBA = 0xFFFF_FFFFL;
    static final long MAX_10_BLOCKS = 0xFFFF;
    static final long MAX_16_BLOCKS = 0xFFFF_FFFFL;

    /** SBC-4 READ CAPACITY (10) command: 10 bytes, all zero but the opcode (LBA and PMI are obsolete). */
    public static Cdb readCapacity10() {
        byte[] b = new byte[10];
        b[0] = (byte) READ_CAPACITY_10;
        return new Cdb(b, Cdb.Direction.READ, 8, "READ CAPACITY(10)");
    }

    /*
     * SBC-4 READ CAPACITY (16) command: SERVICE ACTION IN(16)
     * | 0 | 9Eh | 1 | SERVICE ACTION (10h) in 4..0 | 2..9 obsolete LBA | 10..13 ALLOCATION LENGTH | 14 PMI | 15 |
     */

    /** READ CAPACITY(16); 32 bytes is the whole parameter data. */
    public static Cdb readCapacity16(int allocationLength) {
        checkRange("allocationLength", allocationLength, 1, Integer.MAX_VALUE);
        byte[] b = new byte[16];
        b[0] = (byte) SERVICE_ACTION_IN_16;
        b[1] = (byte) SA_READ_CAPACITY_16;
        Bytes.put32(b, 10, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength, "READ CAPACITY(16) alloc=" + allocationLength);
    }

    /*
     * SBC-4 GET LBA STATUS (16) command: SERVICE ACTION IN(16)
     * | 0 | 9Eh | 1 | SERVICE ACTION (12h) | 2..9 STARTING LBA | 10..13 ALLOCATION LENGTH | 14 REPORT TYPE | 15 |
     */

    /** GET LBA STATUS(16) from {@code startingLba}; allocation 8 + 16·n returns up to n descriptors. */
    public static Cdb getLbaStatus(long startingLba, int allocationLength) {
        checkRange("startingLba", startingLba, 0, Long.MAX_VALUE);
        checkRange("allocationLength", allocationLength, 8, Integer.MAX_VALUE);
        byte[] b = new byte[16];
        b[0] = (byte) SERVICE_ACTION_IN_16;
        b[1] = (byte) SA_GET_LBA_STATUS;
        Bytes.put64(b, 2, startingLba);
        Bytes.put32(b, 10, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength,
                "GET LBA STATUS lba=" + startingLba + " alloc=" + allocationLength);
    }

    /**
     * READ(10) or READ(16), whichever can carry the range: 16 when the LBA exceeds 32 bits or the block count
     * exceeds 16 bits (the choice Linux sd makes too).
     *
     * @param blockLengthBytes the logical block length, to compute the expected data-in length
     * @param fua force unit access: the data comes from the medium, not a volatile cache (SBC-4 READ (10) command, FUA bit)
     */
    public static Cdb read(BlockRange range, int blockLengthBytes, boolean fua) {
        return needs16(range) ? read16(range, blockLengthBytes, fua) : read10(range, blockLengthBytes, fua);
    }

    public static Cdb read10(BlockRange range, int blockLengthBytes, boolean fua) {
        return rw10(READ_10, "READ(10)", Cdb.Direction.READ, range, blockLengthBytes, fua);
    }

    public static Cdb read16(BlockRange range, int blockLengthBytes, boolean fua) {
        return rw16(READ_16, "READ(16)", Cdb.Direction.READ, range, blockLengthBytes, fua);
    }

    /**
     * WRITE(10) or WRITE(16), chosen like {@link #read}.
     *
     * @param fua the write completes only once the data is on non-volatile media (SBC-4 WRITE (10) command, FUA bit)
     */
    public static Cdb write(BlockRange range, int blockLengthBytes, boolean fua) {
        return needs16(range) ? write16(range, blockLengthBytes, fua) : write10(range, blockLengthBytes, fua);
    }

    public static Cdb write10(BlockRange range, int blockLengthBytes, boolean fua) {
        return rw10(WRITE_10, "WRITE(10)", Cdb.Direction.WRITE, range, blockLengthBytes, fua);
    }

    public static Cdb write16(BlockRange range, int blockLengthBytes, boolean fua) {
        return rw16(WRITE_16, "WRITE(16)", Cdb.Direction.WRITE, range, blockLengthBytes, fua);
    }

    /**
     * SYNCHRONIZE CACHE(10) of the whole logical unit (LBA 0, NUMBER OF LOGICAL BLOCKS 0 = "through the last
     * logical block", SBC-4 SYNCHRONIZE CACHE (10) command). This is what an NBD FLUSH maps to.
     */
    public static Cdb synchronizeCache(boolean immediate) {
        byte[] b = new byte[10];
        b[0] = (byte) SYNCHRONIZE_CACHE_10;
        b[1] = (byte) (immediate ? IMMED : 0);
        return new Cdb(b, Cdb.Direction.NONE, 0, "SYNCHRONIZE CACHE(10) all" + (immediate ? " immed" : ""));
    }

    /** SYNCHRONIZE CACHE(10) or (16) of a range, chosen like {@link #read}. */
    public static Cdb synchronizeCache(BlockRange range, boolean immediate) {
        return needs16(range)
                ? noData16(SYNCHRONIZE_CACHE_16, "SYNCHRONIZE CACHE(16)", range, immediate ? IMMED : 0)
                : noData10(SYNCHRONIZE_CACHE_10, "SYNCHRONIZE CACHE(10)", range, immediate ? IMMED : 0);
    }

    public static Cdb synchronizeCache16(BlockRange range, boolean immediate) {
        return noData16(SYNCHRONIZE_CACHE_16, "SYNCHRONIZE CACHE(16)", range, immediate ? IMMED : 0);
    }

    /** PRE-FETCH(10) or (16) (SBC-4 PRE-FETCH commands), chosen like {@link #read}; no data is transferred. */
    public static Cdb preFetch(BlockRange range, boolean immediate) {
        return needs16(range)
                ? noData16(PRE_FETCH_16, "PRE-FETCH(16)", range, immediate ? IMMED : 0)
                : noData10(PRE_FETCH_10, "PRE-FETCH(10)", range, immediate ? IMMED : 0);
    }

    public static Cdb preFetch16(BlockRange range, boolean immediate) {
        return noData16(PRE_FETCH_16, "PRE-FETCH(16)", range, immediate ? IMMED : 0);
    }

    /**
     * WRITE SAME(16) (SBC-4 WRITE SAME (16) command). Without NDOB the data-out buffer is one logical block (lunbridge sends
     * zeros) that the device replicates; with NDOB ("no data-out buffer") the device writes zeros itself.
     *
     * @param unmap UNMAP bit: the device may deallocate the blocks instead of writing them, provided reads
     *     then return the same data (zeros), per SBC-4 "Logical block provisioning"
     * @param noDataOutBuffer NDOB bit; only when the Extended INQUIRY / Block Limits say it is supported
     */
    public static Cdb writeSame16(BlockRange range, int blockLengthBytes, boolean unmap, boolean noDataOutBuffer) {
        checkRange("blocks", range.blocks(), 1, MAX_16_BLOCKS);
        checkRange("blockLengthBytes", blockLengthBytes, 1, Integer.MAX_VALUE);
        byte[] b = lbaLength16(WRITE_SAME_16, range, (unmap ? WS_UNMAP : 0) | (noDataOutBuffer ? WS_NDOB : 0));
        String text = "WRITE SAME(16) " + range + (unmap ? " unmap" : "") + (noDataOutBuffer ? " ndob" : "");
        return noDataOutBuffer ? new Cdb(b, Cdb.Direction.NONE, 0, text)
                : new Cdb(b, Cdb.Direction.WRITE, blockLengthBytes, text);
    }

    /** An UNMAP CDB with its parameter list (the data-out buffer). */
    public record UnmapCommand(Cdb cdb, byte[] parameterList, List<BlockRange> ranges) {
        public UnmapCommand {
            parameterList = parameterList.clone();
            ranges = List.copyOf(ranges);
        }

        @Override
        public byte[] parameterList() {
            return parameterList.clone();
        }
    }

    /** Largest descriptor count whose parameter list length fits the CDB's 16-bit field: (65535 - 8) / 16. */
    public static final int MAX_UNMAP_DESCRIPTORS_PER_CDB = (0xFFFF - 8) / 16;

    /*
     * SBC-4 UNMAP command (10 bytes)         UNMAP parameter list (SBC-4)
     * +------+---------------------------+      +--------+------------------------------------------+
     * | 0    | OPERATION CODE (42h)      |      | 0..1   | UNMAP DATA LENGTH (n - 1)                |
     * | 1    | reserved        | ANCHOR  |      | 2..3   | UNMAP BLOCK DESCRIPTOR DATA LENGTH (n-7) |
     * | 2..5 | reserved                  |      | 4..7   | reserved                                 |
     * | 6    | GROUP NUMBER (4..0)       |      | 8..    | descriptors, 16 bytes each:              |
     * | 7..8 | PARAMETER LIST LENGTH     |      |        |  0..7 LBA, 8..11 NUMBER OF LOGICAL       |
     * | 9    | CONTROL                   |      |        |  BLOCKS, 12..15 reserved                 |
     * +------+---------------------------+      +--------+------------------------------------------+
     */

    /** UNMAP of the given ranges, one block descriptor each (each range at most 2^32-1 blocks). */
    public static UnmapCommand unmap(List<BlockRange> ranges) {
        checkRange("ranges", ranges.size(), 1, MAX_UNMAP_DESCRIPTORS_PER_CDB);
        int length = 8 + 16 * ranges.size();
        byte[] list = new byte[length];
        Bytes.put16(list, 0, length - 2);
        Bytes.put16(list, 2, length - 8);
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            BlockRange r = ranges.get(i);
            checkRange("blocks", r.blocks(), 1, MAX_16_BLOCKS);
            Bytes.put64(list, 8 + 16 * i, r.lba());
            Bytes.put32(list, 16 + 16 * i, r.blocks());
            total += r.blocks();
        }
        byte[] b = new byte[10];
        b[0] = (byte) UNMAP;
        Bytes.put16(b, 7, length);
        String text = ranges.size() == 1 ? "UNMAP " + ranges.get(0)
                : "UNMAP descriptors=" + ranges.size() + " blocks=" + total;
        return new UnmapCommand(new Cdb(b, Cdb.Direction.WRITE, length, text), list, ranges);
    }

    static boolean needs16(BlockRange range) {
        return range.lba() > MAX_10_LBA || range.blocks() > MAX_10_BLOCKS;
    }

    private static Cdb rw10(int opcode, String name, Cdb.Direction dir, BlockRange range, int blockLength,
                            boolean fua) {
        checkRange("lba", range.lba(), 0, MAX_10_LBA);
        checkRange("blocks", range.blocks(), 1, MAX_10_BLOCKS);
        byte[] b = lbaLength10(opcode, range, fua ? FUA : 0);
        return new Cdb(b, dir, transferBytes(range, blockLength), name + " " + range + (fua ? " fua" : ""));
    }

    private static Cdb rw16(int opcode, String name, Cdb.Direction dir, BlockRange range, int blockLength,
                            boolean fua) {
        checkRange("blocks", range.blocks(), 1, MAX_16_BLOCKS);
        byte[] b = lbaLength16(opcode, range, fua ? FUA : 0);
        return new Cdb(b, dir, transferBytes(range, blockLength), name + " " + range + (fua ? " fua" : ""));
    }

    private static Cdb noData10(int opcode, String name, BlockRange range, int flags) {
        checkRange("lba", range.lba(), 0, MAX_10_LBA);
        checkRange("blocks", range.blocks(), 1, MAX_10_BLOCKS);
        return new Cdb(lbaLength10(opcode, range, flags), Cdb.Direction.NONE, 0,
                name + " " + range + ((flags & IMMED) != 0 ? " immed" : ""));
    }

    private static Cdb noData16(int opcode, String name, BlockRange range, int flags) {
        checkRange("blocks", range.blocks(), 1, MAX_16_BLOCKS);
        return new Cdb(lbaLength16(opcode, range, flags), Cdb.Direction.NONE, 0,
                name + " " + range + ((flags & IMMED) != 0 ? " immed" : ""));
    }

    private static byte[] lbaLength10(int opcode, BlockRange range, int flags) {
        byte[] b = new byte[10];
        b[0] = (byte) opcode;
        b[1] = (byte) flags;
        Bytes.put32(b, 2, range.lba());
        Bytes.put16(b, 7, (int) range.blocks());
        return b;
    }

    private static byte[] lbaLength16(int opcode, BlockRange range, int flags) {
        byte[] b = new byte[16];
        b[0] = (byte) opcode;
        b[1] = (byte) flags;
        Bytes.put64(b, 2, range.lba());
        Bytes.put32(b, 10, range.blocks());
        return b;
    }

    /** Data length in bytes; iSCSI's Expected Data Transfer Length is 32 bits, so larger transfers are refused. */
    private static long transferBytes(BlockRange range, int blockLengthBytes) {
        checkRange("blockLengthBytes", blockLengthBytes, 1, Integer.MAX_VALUE);
        if (range.blocks() > 0xFFFF_FFFFL / blockLengthBytes) {
            throw new IllegalArgumentException("blocks " + range.blocks() + " x " + blockLengthBytes
                    + " bytes exceeds a 32-bit transfer length; split the request");
        }
        return range.blocks() * blockLengthBytes;
    }
}
