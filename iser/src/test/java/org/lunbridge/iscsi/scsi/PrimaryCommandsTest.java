package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.hex;
import static org.lunbridge.iscsi.scsi.Fixtures.hexOf;

import org.junit.jupiter.api.Test;

/** Byte-exact CDBs, each fixture written from the SPC-4 table, field by field. */
class PrimaryCommandsTest {

    @Test
    void givenTestUnitReady_whenBuilt_thenSixZeroBytesNoData() {
        Cdb cdb = PrimaryCommands.testUnitReady();

        assertArrayEquals(hex("00 | 00 00 00 00 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.NONE, cdb.direction());
        assertEquals(0, cdb.transferLengthBytes());
    }

    @Test
    void givenStandardInquiry_whenBuilt_thenEvpdClearAndAllocationLengthBigEndian() {
        Cdb cdb = PrimaryCommands.inquiry(0x0160);

        // opcode 12h | EVPD 0 | PAGE CODE 0 | ALLOCATION LENGTH 0160h | CONTROL
        assertArrayEquals(hex("12 | 00 | 00 | 01 60 | 00"), cdb.bytes());
        assertEquals(Cdb.Direction.READ, cdb.direction());
        assertEquals(0x160, cdb.transferLengthBytes());
    }

    @Test
    void givenVpdInquiry_whenBuilt_thenSameBytesLibiscsiSentForBlockLimits() {
        Cdb cdb = PrimaryCommands.inquiryVpd(ScsiConstants.VPD_BLOCK_LIMITS, 64);

        assertArrayEquals(hex("12 | 01 | b0 | 00 40 | 00"), cdb.bytes());
        assertEquals(hexOf(Fixtures.tgt("lun1.vpdb0").cdb()).substring(0, 12), hexOf(cdb.bytes()));
        assertEquals("INQUIRY evpd page=0xB0 (BLOCK LIMITS) alloc=64", cdb.description());
    }

    @Test
    void givenReportLuns_whenBuilt_thenTwelveBytesAllocationAt6() {
        Cdb cdb = PrimaryCommands.reportLuns(0x02, 0x0001_0000);

        // A0h | reserved | SELECT REPORT | reserved x3 | ALLOCATION LENGTH (4) | reserved | CONTROL
        assertArrayEquals(hex("a0 | 00 | 02 | 00 00 00 | 00 01 00 00 | 00 | 00"), cdb.bytes());
        assertEquals(0x10000, cdb.transferLengthBytes());
    }

    @Test
    void givenReportLunsBelowSixteenBytes_whenBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.reportLuns(0, 15));
    }

    @Test
    void givenModeSense6CachingPageWithDbd_whenBuilt_thenMatchesSpcLayout() {
        Cdb cdb = PrimaryCommands.modeSense6(true, 0, ScsiConstants.MODE_PAGE_CACHING, 0, 0xFF);

        // 1Ah | DBD (bit 3) | PC 00b + PAGE CODE 08h | SUBPAGE | ALLOCATION LENGTH | CONTROL
        assertArrayEquals(hex("1a | 08 | 08 | 00 | ff | 00"), cdb.bytes());
    }

    @Test
    void givenModeSense6AllPagesDefaultValues_whenBuilt_thenPcInTopBits() {
        Cdb cdb = PrimaryCommands.modeSense6(false, 2, ScsiConstants.MODE_PAGE_ALL, 0xFF, 192);

        assertArrayEquals(hex("1a | 00 | bf | ff | c0 | 00"), cdb.bytes());
    }

    @Test
    void givenModeSense10WithLlbaaAndDbd_whenBuilt_thenBitsFourAndThreeAndAllocationAt7() {
        Cdb cdb = PrimaryCommands.modeSense10(true, true, 1, 0x0A, 0x01, 0x1234);

        // 5Ah | LLBAA + DBD | PC 01b + 0Ah | SUBPAGE 01h | reserved x3 | ALLOCATION LENGTH | CONTROL
        assertArrayEquals(hex("5a | 18 | 4a | 01 | 00 00 00 | 12 34 | 00"), cdb.bytes());
    }

    @Test
    void givenModeSenseOutOfRangeFields_whenBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.modeSense6(false, 4, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.modeSense6(false, 0, 0x40, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.modeSense6(false, 0, 0, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.modeSense10(false, false, 0, 0, 0, 0));
    }

    @Test
    void givenRequestSenseDescriptorFormat_whenBuilt_thenDescBitSet() {
        assertArrayEquals(hex("03 | 01 | 00 00 | fc | 00"), PrimaryCommands.requestSense(true, 252).bytes());
        assertArrayEquals(hex("03 | 00 | 00 00 | 12 | 00"), PrimaryCommands.requestSense(false, 18).bytes());
    }

    @Test
    void givenZeroOrHugeAllocationLength_whenInquiryBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.inquiry(0));
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.inquiry(0x10000));
        assertThrows(IllegalArgumentException.class, () -> PrimaryCommands.inquiryVpd(0x100, 10));
    }

    @Test
    void givenCdb_whenBytesMutated_thenRecordUnchanged() {
        Cdb cdb = PrimaryCommands.inquiry(36);
        cdb.bytes()[0] = 0x55;

        assertEquals(ScsiConstants.INQUIRY, cdb.opcode());
        assertEquals(cdb, PrimaryCommands.inquiry(36));
        assertTrue(cdb.toString().endsWith("[120000002400]"));
    }

    @Test
    void givenInconsistentDirection_whenCdbConstructed_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Cdb(new byte[6], Cdb.Direction.NONE, 8, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Cdb(new byte[6], Cdb.Direction.READ, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Cdb(new byte[7], Cdb.Direction.NONE, 0, "x"));
    }
}
