package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * REPORT LUNS parameter data (SPC-4).
 * <pre>
 * | 0..3 | LUN LIST LENGTH (n - 7) |
 * | 4..7 | reserved                |
 * | 8..n | LUNs, 8 bytes each      |
 * </pre>
 *
 * @param lunListLength LUN LIST LENGTH in bytes; the whole data is this + 8
 * @param luns the LUNs received (fewer than {@code lunListLength / 8} if the allocation length was short)
 */
public record ReportLuns(long lunListLength, List<Lun> luns) {
    public ReportLuns {
        luns = List.copyOf(luns);
    }

    /** The allocation length that returns the complete list. */
    public long fullLength() {
        return lunListLength + 8;
    }

    /** True when the list holds fewer LUNs than the device has. */
    public boolean truncated() {
        return luns.size() < lunListLength / 8;
    }

    public static ReportLuns parse(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 8) {
            throw ScsiDataException.tooShort("REPORT LUNS data", b.length, 8);
        }
        long lunListLength = Bytes.u32(b, 0);
        if (lunListLength % 8 != 0) {
            throw new ScsiDataException("REPORT LUNS LUN LIST LENGTH: " + lunListLength
                    + " (expected: a multiple of 8)");
        }
        long end = Math.min(b.length, lunListLength + 8);
        List<Lun> luns = new ArrayList<>();
        for (int off = 8; off + 8 <= end; off += 8) {
            luns.add(new Lun(Bytes.u64(b, off)));
        }
        return new ReportLuns(lunListLength, luns);
    }
}
