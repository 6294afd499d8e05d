package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.pdu.Fixtures.ZERO_ROW;
import static org.lunbridge.iscsi.pdu.Fixtures.ascii;
import static org.lunbridge.iscsi.pdu.Fixtures.assertFixture;
import static org.lunbridge.iscsi.pdu.Fixtures.hex;
import static org.lunbridge.iscsi.pdu.IscsiConstants.RESERVED_TAG;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Byte-exact fixtures, written from the RFC 7143 §11 diagrams, for every PDU an initiator sends. */
class InitiatorPduFixturesTest {
    static final ByteBuffer NOP_OUT_HEADER = hex(
            "40 80 00 00", // .|I=1| 0x00, F=1
            "00 00 00 04", // TotalAHSLength 0, DataSegmentLength 4
            ZERO_ROW, ZERO_ROW, // LUN 0
            "11 22 33 44", // Initiator Task Tag
            "ff ff ff ff", // Target Transfer Tag: none
            "00 00 00 05", // CmdSN
            "00 00 00 07", // ExpStatSN
            ZERO_ROW, ZERO_ROW, ZERO_ROW, ZERO_ROW); // Reserved

    @Test
    void givenNopOutPing_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(NopOut.ping(0x11223344, 5, 7, ascii("ping")), NOP_OUT_HEADER, ascii("ping"));
    }

    @Test
    void givenRead10Command_whenEncoded_thenCdbIsPaddedTo16InTheBhs() throws Exception {
        byte[] cdb = HexFormat.of().parseHex("28000000001000000800");
        ScsiCommand command = ScsiCommand.of(Lun.of(1), 0x0a, 0x100, 0x200, cdb, true, false, 4096, null);
        assertFixture(command, hex(
                "01 c1 00 00", // opcode 0x01, F=1 R=1 W=0 ATTR=1 (Simple)
                "00 00 00 00", // TotalAHSLength 0, DataSegmentLength 0
                "00 01 00 00", ZERO_ROW, // LUN 1, peripheral device addressing
                "00 00 00 0a", // ITT
                "00 00 10 00", // Expected Data Transfer Length 4096
                "00 00 01 00", // CmdSN
                "00 00 02 00", // ExpStatSN
                "28 00 00 00", "00 10 00 00", "08 00 00 00", ZERO_ROW), // CDB, zero-padded
                ByteBuffer.allocate(0));
        assertEquals(16, command.cdb().length);
        assertEquals(0x28, command.scsiOpcode());
    }

    @Test
    void givenWriteWithUnalignedImmediateData_whenEncoded_thenDataSegmentLengthIsUnpadded() throws Exception {
        byte[] cdb = HexFormat.of().parseHex("2a000000000000000100");
        ScsiCommand command = new ScsiCommand(false, false, false, true, IscsiConstants.ATTR_SIMPLE, Lun.of(300),
                0x0b, 512, 0x101, 0x200, cdb, OptionalInt.empty(), hex("01 02 03 04 05 06"));
        assertFixture(command, hex(
                "01 21 00 00", // F=0 (unsolicited Data-Out follows) R=0 W=1 ATTR=1
                "00 00 00 06", // DataSegmentLength 6 (padding is the transport's business)
                "41 2c 00 00", ZERO_ROW, // LUN 300, flat space addressing
                "00 00 00 0b", "00 00 02 00", "00 00 01 01", "00 00 02 00",
                "2a 00 00 00", "00 00 00 00", "01 00 00 00", ZERO_ROW), hex("01 02 03 04 05 06"));
    }

    @Test
    void givenBidirectional32ByteCdb_whenEncoded_thenExtendedCdbAndBidiAhsFollowTheBhs() throws Exception {
        byte[] cdb = new byte[32];
        for (int i = 0; i < cdb.length; i++) {
            cdb[i] = (byte) (i == 0 ? 0x7f : i);
        }
        ScsiCommand command = new ScsiCommand(true, true, true, true, IscsiConstants.ATTR_ORDERED, Lun.ZERO, 0x77,
                8192, 3, 4, cdb, OptionalInt.of(4096), null);
        ByteBuffer header = hex(
                "41 e2 00 00", // I=1, F=1 R=1 W=1 ATTR=2 (Ordered)
                "07 00 00 00", // TotalAHSLength 7 words = 20 + 8 bytes
                ZERO_ROW, ZERO_ROW, "00 00 00 77", "00 00 20 00", "00 00 00 03", "00 00 00 04",
                "7f 01 02 03", "04 05 06 07", "08 09 0a 0b", "0c 0d 0e 0f", // CDB bytes 0-15
                "00 11 01 00", // AHSLength 17 (= 32 - 15), AHSType 1 Extended CDB, Reserved
                "10 11 12 13", "14 15 16 17", "18 19 1a 1b", "1c 1d 1e 1f", // CDB bytes 16-31 (no padding needed)
                "00 05 02 00", // AHSLength 5, AHSType 2 Bidirectional Read EDTL, Reserved
                "00 00 10 00"); // Bidirectional Read Expected Data Transfer Length 4096
        assertFixture(command, header, ByteBuffer.allocate(0));
        assertArrayEquals(cdb, command.cdb());
        assertEquals(76, PduFraming.headerLength(header));
    }

    @Test
    void given17ByteCdb_whenEncoded_thenExtendedCdbAhsIsPaddedTo4() throws Exception {
        byte[] cdb = new byte[17];
        cdb[0] = (byte) 0xc0;
        cdb[16] = (byte) 0xee;
        ScsiCommand command = new ScsiCommand(false, true, false, false, IscsiConstants.ATTR_SIMPLE, Lun.ZERO, 1, 0,
                1, 1, cdb, OptionalInt.empty(), null);
        assertFixture(command, hex("01 81 00 00", "02 00 00 00", ZERO_ROW, ZERO_ROW, "00 00 00 01", ZERO_ROW,
                "00 00 00 01", "00 00 00 01", "c0 00 00 00", ZERO_ROW, ZERO_ROW, ZERO_ROW,
                "00 02 01 00", // AHSLength 2 (= 17 - 15), AHSType 1
                "ee 00 00 00"), // CDB byte 16 + 3 pad bytes
                ByteBuffer.allocate(0));
    }

    @Test
    void givenAbortTask_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(TaskManagementRequest.abortTask(Lun.of(1), 0x20, 0x0a, 0x101, 0x201, 0x100), hex(
                "42 81 00 00", // I=1 opcode 0x02, F=1 Function 1 ABORT TASK
                ZERO_ROW, "00 01 00 00", ZERO_ROW, // LUN 1
                "00 00 00 20", // ITT
                "00 00 00 0a", // Referenced Task Tag
                "00 00 01 01", "00 00 02 01", // CmdSN, ExpStatSN
                "00 00 01 00", // RefCmdSN
                ZERO_ROW, // ExpDataSN
                ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
    }

    @Test
    void givenLoginRequest_whenEncoded_thenStagesIsidAndTextAreInPlace() throws Exception {
        LoginRequest login = new LoginRequest(true, false, IscsiConstants.STAGE_SECURITY_NEGOTIATION,
                IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION, 0, 0, 0x80123456789aL, 0, 0, 1, 0, 0,
                ascii("AuthMethod=None\0"));
        assertFixture(login, hex(
                "43 81 00 00", // .|1| 0x03, T=1 C=0 CSG=0 NSG=1, Version-max 0, Version-min 0
                "00 00 00 10", // DataSegmentLength 16
                "80 12 34 56", "78 9a 00 00", // ISID (6 bytes), TSIH 0
                ZERO_ROW, // ITT
                "00 01 00 00", // CID 1, Reserved
                ZERO_ROW, ZERO_ROW, // CmdSN, ExpStatSN
                ZERO_ROW, ZERO_ROW, ZERO_ROW, ZERO_ROW), ascii("AuthMethod=None\0"));
        assertTrue(login.immediate());
    }

    @Test
    void givenTextRequest_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new TextRequest(false, true, false, Lun.ZERO, 0x30, RESERVED_TAG, 1, 1,
                ascii("SendTargets=All\0")), hex(
                "04 80 00 00", "00 00 00 10", ZERO_ROW, ZERO_ROW,
                "00 00 00 30", "ff ff ff ff", "00 00 00 01", "00 00 00 01",
                ZERO_ROW, ZERO_ROW, ZERO_ROW, ZERO_ROW), ascii("SendTargets=All\0"));
    }

    @Test
    void givenDataOut_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new DataOut(true, Lun.of(1), 0x0b, 0x1234, 3, 2, 0x2000, hex("aa bb cc")), hex(
                "05 80 00 00", // opcode 0x05, F=1
                "00 00 00 03", // DataSegmentLength 3
                "00 01 00 00", ZERO_ROW,
                "00 00 00 0b", // ITT
                "00 00 12 34", // TTT from the R2T
                ZERO_ROW, // Reserved
                "00 00 00 03", // ExpStatSN
                ZERO_ROW, // Reserved
                "00 00 00 02", // DataSN
                "00 00 20 00", // Buffer Offset
                ZERO_ROW), hex("aa bb cc"));
    }

    @Test
    void givenLogoutRequests_whenEncoded_thenReasonAndCidAreInPlace() throws Exception {
        assertFixture(new LogoutRequest(true, IscsiConstants.LOGOUT_CLOSE_SESSION, 0x40, 0, 9, 10), hex(
                "46 80 00 00", ZERO_ROW, ZERO_ROW, ZERO_ROW, "00 00 00 40", ZERO_ROW, "00 00 00 09", "00 00 00 0a",
                ZERO_ROW, ZERO_ROW, ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
        assertFixture(new LogoutRequest(false, IscsiConstants.LOGOUT_CLOSE_CONNECTION, 0x41, 0x0102, 9, 10), hex(
                "06 81 00 00", ZERO_ROW, ZERO_ROW, ZERO_ROW, "00 00 00 41", "01 02 00 00", "00 00 00 09",
                "00 00 00 0a", ZERO_ROW, ZERO_ROW, ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
    }

    @Test
    void givenStatusSnack_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new SnackRequest(IscsiConstants.SNACK_STATUS, Lun.ZERO, 0x50, RESERVED_TAG, 4, 2, 3), hex(
                "10 81 00 00", // opcode 0x10, F=1 Type 1
                ZERO_ROW, ZERO_ROW, ZERO_ROW, "00 00 00 50", "ff ff ff ff", ZERO_ROW, "00 00 00 04",
                ZERO_ROW, ZERO_ROW, // Reserved
                "00 00 00 02", // BegRun
                "00 00 00 03"), // RunLength
                ByteBuffer.allocate(0));
    }

    @Test
    void givenNopOutAnsweringNopIn_whenBuilt_thenTagsFollowRfc() {
        NopIn ping = new NopIn(Lun.of(2), RESERVED_TAG, 0x99, 1, 2, 3, null);
        NopOut answer = NopOut.answer(ping, 2, 2);
        assertEquals(RESERVED_TAG, answer.itt());
        assertEquals(0x99, answer.ttt());
        assertEquals(Lun.of(2), answer.lun());
        assertThrows(IllegalArgumentException.class,
                () -> new NopOut(false, Lun.ZERO, RESERVED_TAG, RESERVED_TAG, 1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new NopOut(true, Lun.ZERO, 5, 0x99, 1, 1, null));
    }
}
