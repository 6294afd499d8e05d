package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.pdu.Fixtures.ZERO_ROW;
import static org.lunbridge.iscsi.pdu.Fixtures.ascii;
import static org.lunbridge.iscsi.pdu.Fixtures.assertFixture;
import static org.lunbridge.iscsi.pdu.Fixtures.hex;
import static org.lunbridge.iscsi.pdu.Fixtures.hexOf;
import static org.lunbridge.iscsi.pdu.IscsiConstants.RESERVED_TAG;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Byte-exact fixtures, written from the RFC 7143 §11 diagrams, for every PDU a target sends. */
class TargetPduFixturesTest {
    /** StatSN 0x200, ExpCmdSN 0x101, MaxCmdSN 0x120: bytes 24-35 of every target PDU below. */
    static final String STAT_SN = "00 00 02 00";
    static final String EXP_CMD_SN = "00 00 01 01";
    static final String MAX_CMD_SN = "00 00 01 20";

    @Test
    void givenNopInAnsweringPing_whenEncoded_thenMatchesRfcLayout() throws Exception {
        NopIn nopIn = new NopIn(Lun.ZERO, 0x11223344, RESERVED_TAG, 0x200, 0x101, 0x120, ascii("ping"));
        assertFixture(nopIn, hex(
                "20 80 00 00", // opcode 0x20, F=1
                "00 00 00 04", ZERO_ROW, ZERO_ROW,
                "11 22 33 44", // ITT copied from the NOP-Out
                "ff ff ff ff", // TTT: no answer wanted
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN, ZERO_ROW, ZERO_ROW, ZERO_ROW), ascii("ping"));
        assertFalse(nopIn.wantsAnswer());
    }

    @Test
    void givenCheckConditionWithSense_whenEncoded_thenSenseLengthPrefixesTheSenseData() throws Exception {
        ByteBuffer data = hex("00 12", // SenseLength 18
                "70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 00 00 00"); // fixed sense, ILLEGAL REQUEST 24/00
        ScsiResponse response = new ScsiResponse(false, false, false, true, 0, 0x02, 0x0a, 0, 0x200, 0x101, 0x120,
                0, 0, 0x200, data);
        assertFixture(response, hex(
                "21 82 00 02", // opcode 0x21, F=1 U=1, Response 0 (completed at target), Status 0x02
                "00 00 00 14", // DataSegmentLength 20
                ZERO_ROW, ZERO_ROW, // Reserved
                "00 00 00 0a", // ITT
                ZERO_ROW, // SNACK Tag
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                ZERO_ROW, // ExpDataSN
                ZERO_ROW, // Bidirectional Read Residual Count
                "00 00 02 00"), // Residual Count
                data);
        assertEquals("700005000000000a000000002400000000 00".replace(" ", ""), hexOf(response.senseData()));
    }

    @Test
    void givenTmfResponse_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new TaskManagementResponse(IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST, 0x20, 0x200,
                0x101, 0x120), hex(
                "22 80 01 00", // Response 1: Task does not exist
                ZERO_ROW, ZERO_ROW, ZERO_ROW, "00 00 00 20", ZERO_ROW, STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                ZERO_ROW, ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
    }

    @Test
    void givenFinalLoginResponse_whenEncoded_thenStagesTsihAndStatusAreInPlace() throws Exception {
        LoginResponse response = new LoginResponse(true, false, IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION,
                IscsiConstants.STAGE_FULL_FEATURE_PHASE, 0, 0, 0x80123456789aL, 5, 0, 0x200, 0x101, 0x120, 0, 0,
                ascii("HeaderDigest=None\0"));
        assertFixture(response, hex(
                "23 87 00 00", // T=1 C=0 CSG=1 NSG=3, Version-max 0, Version-active 0
                "00 00 00 12", // DataSegmentLength 18
                "80 12 34 56", "78 9a 00 05", // ISID, TSIH 5
                ZERO_ROW, ZERO_ROW, // ITT, Reserved
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                "00 00 00 00", // Status-Class 0, Status-Detail 0, Reserved
                ZERO_ROW, ZERO_ROW), ascii("HeaderDigest=None\0"));
        assertTrue(response.isSuccess());
    }

    @Test
    void givenAuthenticationFailure_whenDecoded_thenStatusIs0201() throws Exception {
        LoginResponse response = new LoginResponse(false, false, 0, 0, 0, 0, 0x80123456789aL, 0, 0, 0x200, 0x101,
                0x120, 2, 1, null);
        assertFixture(response, hex("23 00 00 00", ZERO_ROW, "80 12 34 56", "78 9a 00 00", ZERO_ROW, ZERO_ROW,
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN, "02 01 00 00", ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
        assertEquals(IscsiConstants.LOGIN_AUTHENTICATION_FAILURE, response.status());
    }

    @Test
    void givenTextResponse_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new TextResponse(true, false, Lun.ZERO, 0x30, RESERVED_TAG, 0x200, 0x101, 0x120,
                ascii("TargetName=iqn.x\0")), hex(
                "24 80 00 00", "00 00 00 11", ZERO_ROW, ZERO_ROW, "00 00 00 30", "ff ff ff ff",
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN, ZERO_ROW, ZERO_ROW, ZERO_ROW), ascii("TargetName=iqn.x\0"));
    }

    @Test
    void givenDataInWithStatus_whenEncoded_thenFlagsStatusAndResidualAreInPlace() throws Exception {
        DataIn dataIn = new DataIn(true, false, false, true, true, 0x00, Lun.of(1), 0x0a, RESERVED_TAG, 0x200,
                0x101, 0x120, 0, 0, 0x0ffb, hex("01 02 03 04 05"));
        assertFixture(dataIn, hex(
                "25 83 00 00", // opcode 0x25, F=1 A=0 O=0 U=1 S=1, Reserved, Status GOOD
                "00 00 00 05", "00 01 00 00", ZERO_ROW,
                "00 00 00 0a", "ff ff ff ff", STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                ZERO_ROW, // DataSN
                ZERO_ROW, // Buffer Offset
                "00 00 0f fb"), // Residual Count
                hex("01 02 03 04 05"));
    }

    @Test
    void givenDataInWithoutStatus_whenEncoded_thenOnlyDataFieldsAreSet() throws Exception {
        assertFixture(DataIn.data(false, Lun.of(1), 0x0a, 0x101, 0x120, 7, 0x10000, hex("ff")), hex(
                "25 00 00 00", "00 00 00 01", "00 01 00 00", ZERO_ROW, "00 00 00 0a", "ff ff ff ff",
                ZERO_ROW, EXP_CMD_SN, MAX_CMD_SN, "00 00 00 07", "00 01 00 00", ZERO_ROW), hex("ff"));
    }

    @Test
    void givenLogoutResponse_whenEncoded_thenTime2WaitAndTime2RetainAreInPlace() throws Exception {
        assertFixture(new LogoutResponse(0, 0x40, 0x200, 0x101, 0x120, 2, 20), hex(
                "26 80 00 00", ZERO_ROW, ZERO_ROW, ZERO_ROW, "00 00 00 40", ZERO_ROW, STAT_SN, EXP_CMD_SN,
                MAX_CMD_SN, ZERO_ROW,
                "00 02 00 14", // Time2Wait 2, Time2Retain 20
                ZERO_ROW), ByteBuffer.allocate(0));
    }

    @Test
    void givenR2t_whenEncoded_thenMatchesRfcLayout() throws Exception {
        assertFixture(new R2t(Lun.of(1), 0x0b, 0x1234, 0x200, 0x101, 0x120, 0, 0x2000, 0x10000), hex(
                "31 80 00 00", ZERO_ROW, "00 01 00 00", ZERO_ROW, "00 00 00 0b", "00 00 12 34",
                STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                ZERO_ROW, // R2TSN
                "00 00 20 00", // Buffer Offset
                "00 01 00 00"), // Desired Data Transfer Length 65536
                ByteBuffer.allocate(0));
    }

    @Test
    void givenAsyncLogoutRequest_whenEncoded_thenEventAndParametersAreInPlace() throws Exception {
        AsyncMessage message = new AsyncMessage(Lun.ZERO, 0x200, 0x101, 0x120, IscsiConstants.ASYNC_LOGOUT_REQUESTED,
                0, 5, 0, 0, null);
        assertFixture(message, hex(
                "32 80 00 00", ZERO_ROW, ZERO_ROW, ZERO_ROW,
                "ff ff ff ff", // ITT is always 0xffffffff
                ZERO_ROW, STAT_SN, EXP_CMD_SN, MAX_CMD_SN,
                "01 00 00 05", // AsyncEvent 1, AsyncVCode 0, Parameter1 5 (seconds to log out)
                ZERO_ROW, ZERO_ROW), ByteBuffer.allocate(0));
        assertEquals(RESERVED_TAG, message.itt());
    }

    @Test
    void givenReject_whenEncoded_thenDataSegmentIsTheRejectedHeader() throws Exception {
        ByteBuffer rejected = InitiatorPduFixturesTest.NOP_OUT_HEADER;
        Reject reject = new Reject(IscsiConstants.REJECT_INVALID_PDU_FIELD, 0x200, 0x101, 0x120, 0, rejected);
        assertFixture(reject, hex(
                "3f 80 09 00", // Reason 0x09 Invalid PDU field
                "00 00 00 30", // DataSegmentLength 48
                ZERO_ROW, ZERO_ROW, "ff ff ff ff", ZERO_ROW, STAT_SN, EXP_CMD_SN, MAX_CMD_SN, ZERO_ROW, ZERO_ROW,
                ZERO_ROW), rejected);
        assertEquals(IscsiConstants.OP_NOP_OUT, reject.rejectedOpcode());
        assertEquals(0x11223344, reject.rejectedItt());
    }
}
