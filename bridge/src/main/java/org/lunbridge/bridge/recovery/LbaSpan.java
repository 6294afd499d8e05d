package org.lunbridge.bridge.recovery;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.scsi.Cdb;

/**
 * The blocks a command may modify, for ordering writes across recovery: [firstLba, endLba). Decoded from the CDB
 * (SBC-4 §5.41 WRITE(16), §5.48 WRITE SAME(16): LBA in bytes 2..9, blocks in 10..13; the 10-byte forms: LBA in
 * 2..5, blocks in 7..8). Commands whose range is elsewhere (UNMAP's parameter list) or unknown count as the whole
 * LUN; SYNCHRONIZE CACHE as a barrier over everything; reads modify nothing.
 */
record LbaSpan(long firstLba, long endLba, boolean modifies, boolean barrier) {

    static final LbaSpan NONE = new LbaSpan(0, 0, false, false);
    static final LbaSpan EVERYTHING = new LbaSpan(0, Long.MAX_VALUE, true, false);
    static final LbaSpan BARRIER = new LbaSpan(0, Long.MAX_VALUE, false, true);

    static LbaSpan of(Cdb cdb) {
        ByteBuffer b = ByteBuffer.wrap(cdb.bytes());
        return switch (cdb.opcode()) {
            case WRITE_16, WRITE_SAME_16 -> range(b.getLong(2), Integer.toUnsignedLong(b.getInt(10)));
            case WRITE_10, WRITE_SAME_10 -> range(Integer.toUnsignedLong(b.getInt(2)),
                    Short.toUnsignedLong(b.getShort(7)));
            case SYNCHRONIZE_CACHE_10, SYNCHRONIZE_CACHE_16 -> BARRIER;
            default -> cdb.direction() == Cdb.Direction.WRITE || cdb.opcode() == UNMAP ? EVERYTHING : NONE;
        };
    }

    private static LbaSpan range(long lba, long blocks) {
        // WRITE SAME with 0 blocks means "to the end of the LUN" (SBC-4 §5.48).
        return new LbaSpan(lba, blocks == 0 ? Long.MAX_VALUE : lba + blocks, true, false);
    }

    boolean overlaps(LbaSpan o) {
        return firstLba < o.endLba && o.firstLba < endLba;
    }

    @Override
    public String toString() {
        if (barrier) {
            return "barrier";
        }
        if (!modifies) {
            return "-";
        }
        return endLba == Long.MAX_VALUE ? "LBA " + firstLba + "..end" : "LBA " + firstLba + ".." + (endLba - 1);
    }
}
