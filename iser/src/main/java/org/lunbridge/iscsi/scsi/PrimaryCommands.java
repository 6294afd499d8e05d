package org.lunbridge.iscsi.scsi;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

/**
 * CDB builders for the SPC-4 commands lunbridge issues to any logical unit.
 *
 * <p>Allocation lengths must be at least 1: SPC allows 0, but tgt 1.0.85 crashes on MODE SENSE(10) with an
 * allocation length of 0 (observed while capturing this package's test fixtures), and a zero-length probe is
 * useless anyway.
 */
public final class PrimaryCommands {
    private PrimaryCommands() {}

    /*
     * SPC-4 TEST UNIT READY command (6 bytes)
     * +------+--------------------------------+
     * | 0    | OPERATION CODE (00h)           |
     * | 1..4 | reserved                       |
     * | 5    | CONTROL                        |
     * +------+--------------------------------+
     */
    public static Cdb testUnitReady() {
        return new Cdb(new byte[6], Cdb.Direction.NONE, 0, "TEST UNIT READY");
    }

    /*
     * SPC-4 §6.6.1 INQUIRY command (6 bytes)
     * +------+--------------------------------------------+
     * | 0    | OPERATION CODE (12h)                       |
     * | 1    | reserved            | obsolete(CMDDT) | EVPD |
     * | 2    | PAGE CODE                                  |
     * | 3..4 | ALLOCATION LENGTH (MSB first)              |
     * | 5    | CONTROL                                    |
     * +------+--------------------------------------------+
     */

    /** Standard INQUIRY data (EVPD=0, PAGE CODE 0: SPC-4 §6.6.1 requires page code 0 when EVPD is 0). */
    public static Cdb inquiry(int allocationLength) {
        checkRange("allocationLength", allocationLength, 1, 0xFFFF);
        byte[] b = new byte[6];
        b[0] = (byte) INQUIRY;
        Bytes.put16(b, 3, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength, "INQUIRY alloc=" + allocationLength);
    }

    /** A vital product data page (EVPD=1). */
    public static Cdb inquiryVpd(int pageCode, int allocationLength) {
        checkRange("pageCode", pageCode, 0, 0xFF);
        checkRange("allocationLength", allocationLength, 1, 0xFFFF);
        byte[] b = new byte[6];
        b[0] = (byte) INQUIRY;
        b[1] = 0x01;
        b[2] = (byte) pageCode;
        Bytes.put16(b, 3, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength, String.format(
                "INQUIRY evpd page=0x%02X (%s) alloc=%d", pageCode, nameOfVpdPage(pageCode), allocationLength));
    }

    /*
     * SPC-4 REPORT LUNS command (12 bytes)
     * +-------+------------------------------+
     * | 0     | OPERATION CODE (A0h)         |
     * | 1     | reserved                     |
     * | 2     | SELECT REPORT                |
     * | 3..5  | reserved                     |
     * | 6..9  | ALLOCATION LENGTH            |
     * | 10    | reserved                     |
     * | 11    | CONTROL                      |
     * +-------+------------------------------+
     */

    /**
     * REPORT LUNS.
     *
     * @param selectReport 00h: all logical units except well-known ones (the usual choice)
     * @param allocationLength at least 16 (SPC-4 REPORT LUNS: smaller allocation lengths may be rejected)
     */
    public static Cdb reportLuns(int selectReport, long allocationLength) {
        checkRange("selectReport", selectReport, 0, 0xFF);
        if (allocationLength < 16 || allocationLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("allocationLength: " + allocationLength
                    + " (expected: 16..4294967295)");
        }
        byte[] b = new byte[12];
        b[0] = (byte) REPORT_LUNS;
        b[2] = (byte) selectReport;
        Bytes.put32(b, 6, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength,
                "REPORT LUNS select=" + selectReport + " alloc=" + allocationLength);
    }

    /*
     * SPC-4 MODE SENSE(6) command
     * +------+----------------------------------------+
     * | 0    | OPERATION CODE (1Ah)                   |
     * | 1    | reserved            | DBD | reserved   |   DBD = bit 3
     * | 2    | PC (7..6) | PAGE CODE (5..0)           |
     * | 3    | SUBPAGE CODE                           |
     * | 4    | ALLOCATION LENGTH                      |
     * | 5    | CONTROL                                |
     * +------+----------------------------------------+
     */

    /**
     * MODE SENSE(6).
     *
     * @param disableBlockDescriptors DBD: ask the device not to return block descriptors
     * @param pageControl PC: 0 current, 1 changeable, 2 default, 3 saved values
     * @param pageCode 00h..3Fh (3Fh = all pages)
     */
    public static Cdb modeSense6(boolean disableBlockDescriptors, int pageControl, int pageCode, int subpageCode,
                                 int allocationLength) {
        checkModePage(pageControl, pageCode, subpageCode);
        checkRange("allocationLength", allocationLength, 1, 0xFF);
        byte[] b = new byte[6];
        b[0] = (byte) MODE_SENSE_6;
        b[1] = (byte) (disableBlockDescriptors ? 0x08 : 0);
        b[2] = (byte) (pageControl << 6 | pageCode);
        b[3] = (byte) subpageCode;
        b[4] = (byte) allocationLength;
        return new Cdb(b, Cdb.Direction.READ, allocationLength,
                modeSenseText("MODE SENSE(6)", disableBlockDescriptors, pageControl, pageCode, subpageCode,
                        allocationLength));
    }

    /*
     * SPC-4 MODE SENSE(10) command
     * +------+-------------------------------------------------+
     * | 0    | OPERATION CODE (5Ah)                            |
     * | 1    | reserved        | LLBAA (4) | DBD (3) | reserved |
     * | 2    | PC (7..6) | PAGE CODE (5..0)                    |
     * | 3    | SUBPAGE CODE                                    |
     * | 4..6 | reserved                                        |
     * | 7..8 | ALLOCATION LENGTH                               |
     * | 9    | CONTROL                                         |
     * +------+-------------------------------------------------+
     */

    /** MODE SENSE(10); {@code longLba} is LLBAA (allow 16-byte block descriptors). */
    public static Cdb modeSense10(boolean longLba, boolean disableBlockDescriptors, int pageControl, int pageCode,
                                  int subpageCode, int allocationLength) {
        checkModePage(pageControl, pageCode, subpageCode);
        checkRange("allocationLength", allocationLength, 1, 0xFFFF);
        byte[] b = new byte[10];
        b[0] = (byte) MODE_SENSE_10;
        b[1] = (byte) ((longLba ? 0x10 : 0) | (disableBlockDescriptors ? 0x08 : 0));
        b[2] = (byte) (pageControl << 6 | pageCode);
        b[3] = (byte) subpageCode;
        Bytes.put16(b, 7, allocationLength);
        return new Cdb(b, Cdb.Direction.READ, allocationLength,
                modeSenseText("MODE SENSE(10)" + (longLba ? " llbaa" : ""), disableBlockDescriptors, pageControl,
                        pageCode, subpageCode, allocationLength));
    }

    /*
     * SPC-4 REQUEST SENSE command
     * +------+-----------------------------+
     * | 0    | OPERATION CODE (03h)        |
     * | 1    | reserved            | DESC  |
     * | 2..3 | reserved                    |
     * | 4    | ALLOCATION LENGTH           |
     * | 5    | CONTROL                     |
     * +------+-----------------------------+
     */

    /** REQUEST SENSE; {@code descriptorFormat} sets DESC (ask for 72h/73h sense data). */
    public static Cdb requestSense(boolean descriptorFormat, int allocationLength) {
        checkRange("allocationLength", allocationLength, 1, 0xFF);
        byte[] b = new byte[6];
        b[0] = (byte) REQUEST_SENSE;
        b[1] = (byte) (descriptorFormat ? 0x01 : 0);
        b[4] = (byte) allocationLength;
        return new Cdb(b, Cdb.Direction.READ, allocationLength,
                "REQUEST SENSE" + (descriptorFormat ? " desc" : "") + " alloc=" + allocationLength);
    }

    private static void checkModePage(int pageControl, int pageCode, int subpageCode) {
        checkRange("pageControl", pageControl, 0, 3);
        checkRange("pageCode", pageCode, 0, 0x3F);
        checkRange("subpageCode", subpageCode, 0, 0xFF);
    }

    private static String modeSenseText(String name, boolean dbd, int pc, int page, int subpage, int alloc) {
        return String.format("%s%s pc=%d page=0x%02X subpage=0x%02X alloc=%d", name, dbd ? " dbd" : "", pc, page,
                subpage, alloc);
    }

    static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
