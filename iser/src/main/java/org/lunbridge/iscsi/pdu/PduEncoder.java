package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.nio.ByteBuffer;

/**
 * Encodes any {@link IscsiPdu} (both directions: initiators send {@link InitiatorPdu}s, fake targets in tests
 * send {@link TargetPdu}s) into an {@link EncodedPdu}: a fresh header buffer (BHS + AHS) and the record's data
 * segment view, uncopied. Reserved fields are written as 0 (RFC 7143 §11). Byte offsets follow the diagrams on
 * the records.
 */
public final class PduEncoder {
    private PduEncoder() {}

    public static EncodedPdu encode(IscsiPdu pdu) {
        ByteBuffer header = switch (pdu) {
            case NopOut p -> nopOut(p);
            case ScsiCommand p -> scsiCommand(p);
            case TaskManagementRequest p -> taskManagementRequest(p);
            case LoginRequest p -> loginRequest(p);
            case TextRequest p -> textRequest(p);
            case DataOut p -> dataOut(p);
            case LogoutRequest p -> logoutRequest(p);
            case SnackRequest p -> snackRequest(p);
            case NopIn p -> nopIn(p);
            case ScsiResponse p -> scsiResponse(p);
            case TaskManagementResponse p -> taskManagementResponse(p);
            case LoginResponse p -> loginResponse(p);
            case TextResponse p -> textResponse(p);
            case DataIn p -> dataIn(p);
            case LogoutResponse p -> logoutResponse(p);
            case R2t p -> r2t(p);
            case AsyncMessage p -> asyncMessage(p);
            case Reject p -> reject(p);
        };
        return new EncodedPdu(header, pdu.data());
    }

    /**
     * Header bytes only (BHS + AHS), e.g. for the data segment of a {@link Reject} in a fake target, or for
     * computing a HeaderDigest.
     */
    public static ByteBuffer encodeHeader(IscsiPdu pdu) {
        return encode(pdu).header();
    }

    // ---- initiator PDUs --------------------------------------------------------------------------------------

    private static ByteBuffer nopOut(NopOut p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, p.immediate());
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt()).putInt(24, p.cmdSn()).putInt(28, p.expStatSn());
        return b;
    }

    private static ByteBuffer scsiCommand(ScsiCommand p) {
        byte[] cdb = p.cdb();
        int extendedCdbBytes = cdb.length - BHS_CDB_LENGTH;
        // §11.2.2.3: Extended CDB AHS = AHSLength(2) AHSType(1) Reserved(1) CDB[16..], padded to 4.
        int ahsLength = (extendedCdbBytes > 0 ? PduFraming.padTo4(4 + extendedCdbBytes) : 0)
                + (p.bidiReadExpectedDataTransferLength().isPresent() ? 8 : 0);
        int flags = (p.finalFlag() ? FLAG_FINAL : 0) | (p.read() ? FLAG_READ : 0) | (p.write() ? FLAG_WRITE : 0)
                | p.taskAttribute();
        ByteBuffer b = bhs(p, ahsLength, flags, p.immediate());
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.expectedDataTransferLength()).putInt(24, p.cmdSn())
                .putInt(28, p.expStatSn());
        b.put(32, cdb, 0, BHS_CDB_LENGTH);
        int at = BHS_LENGTH;
        if (extendedCdbBytes > 0) {
            b.putShort(at, (short) (extendedCdbBytes + 1)).put(at + 2, (byte) AHS_EXTENDED_CDB);
            b.put(at + 4, cdb, BHS_CDB_LENGTH, extendedCdbBytes);
            at += PduFraming.padTo4(4 + extendedCdbBytes);
        }
        if (p.bidiReadExpectedDataTransferLength().isPresent()) {
            // §11.2.2.4: AHSLength 0x0005, AHSType 2, Reserved, then the 4-byte length.
            b.putShort(at, (short) 5).put(at + 2, (byte) AHS_BIDI_READ_EXPECTED_DATA_TRANSFER_LENGTH);
            b.putInt(at + 4, p.bidiReadExpectedDataTransferLength().getAsInt());
        }
        return b;
    }

    private static ByteBuffer taskManagementRequest(TaskManagementRequest p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL | p.function(), p.immediate());
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.referencedTaskTag()).putInt(24, p.cmdSn()).putInt(28, p.expStatSn())
                .putInt(32, p.refCmdSn()).putInt(36, p.expDataSn());
        return b;
    }

    private static ByteBuffer loginRequest(LoginRequest p) {
        ByteBuffer b = bhs(p, 0, loginFlags(p.transit(), p.cont(), p.csg(), p.nsg()), true);
        b.put(2, (byte) p.versionMax()).put(3, (byte) p.versionMin());
        isidTsih(b, p.isid(), p.tsih());
        b.putInt(16, p.itt()).putShort(20, (short) p.cid()).putInt(24, p.cmdSn()).putInt(28, p.expStatSn());
        return b;
    }

    private static ByteBuffer textRequest(TextRequest p) {
        ByteBuffer b = bhs(p, 0, (p.finalFlag() ? FLAG_FINAL : 0) | (p.cont() ? FLAG_CONTINUE : 0), p.immediate());
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt()).putInt(24, p.cmdSn()).putInt(28, p.expStatSn());
        return b;
    }

    private static ByteBuffer dataOut(DataOut p) {
        ByteBuffer b = bhs(p, 0, p.finalFlag() ? FLAG_FINAL : 0, false);
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt()).putInt(28, p.expStatSn()).putInt(36, p.dataSn())
                .putInt(40, p.bufferOffset());
        return b;
    }

    private static ByteBuffer logoutRequest(LogoutRequest p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL | p.reasonCode(), p.immediate());
        b.putInt(16, p.itt()).putShort(20, (short) p.cid()).putInt(24, p.cmdSn()).putInt(28, p.expStatSn());
        return b;
    }

    private static ByteBuffer snackRequest(SnackRequest p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL | p.type(), false);
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.tttOrSnackTag()).putInt(28, p.expStatSn()).putInt(40, p.begRun())
                .putInt(44, p.runLength());
        return b;
    }

    // ---- target PDUs -----------------------------------------------------------------------------------------

    private static ByteBuffer nopIn(NopIn p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt());
        return sequence(b, p);
    }

    private static ByteBuffer scsiResponse(ScsiResponse p) {
        int flags = FLAG_FINAL | (p.bidiReadResidualOverflow() ? FLAG_BIDI_READ_RESIDUAL_OVERFLOW : 0)
                | (p.bidiReadResidualUnderflow() ? FLAG_BIDI_READ_RESIDUAL_UNDERFLOW : 0)
                | (p.residualOverflow() ? FLAG_RESIDUAL_OVERFLOW : 0)
                | (p.residualUnderflow() ? FLAG_RESIDUAL_UNDERFLOW : 0);
        ByteBuffer b = bhs(p, 0, flags, false);
        b.put(2, (byte) p.response()).put(3, (byte) p.status());
        b.putInt(16, p.itt()).putInt(20, p.snackTag()).putInt(36, p.expDataSn())
                .putInt(40, p.bidiReadResidualCount()).putInt(44, p.residualCount());
        return sequence(b, p);
    }

    private static ByteBuffer taskManagementResponse(TaskManagementResponse p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        b.put(2, (byte) p.response()).putInt(16, p.itt());
        return sequence(b, p);
    }

    private static ByteBuffer loginResponse(LoginResponse p) {
        ByteBuffer b = bhs(p, 0, loginFlags(p.transit(), p.cont(), p.csg(), p.nsg()), false);
        b.put(2, (byte) p.versionMax()).put(3, (byte) p.versionActive());
        isidTsih(b, p.isid(), p.tsih());
        b.putInt(16, p.itt()).put(36, (byte) p.statusClass()).put(37, (byte) p.statusDetail());
        return sequence(b, p);
    }

    private static ByteBuffer textResponse(TextResponse p) {
        ByteBuffer b = bhs(p, 0, (p.finalFlag() ? FLAG_FINAL : 0) | (p.cont() ? FLAG_CONTINUE : 0), false);
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt());
        return sequence(b, p);
    }

    private static ByteBuffer dataIn(DataIn p) {
        int flags = (p.finalFlag() ? FLAG_FINAL : 0) | (p.acknowledge() ? FLAG_ACKNOWLEDGE : 0)
                | (p.residualOverflow() ? FLAG_RESIDUAL_OVERFLOW : 0)
                | (p.residualUnderflow() ? FLAG_RESIDUAL_UNDERFLOW : 0) | (p.statusPresent() ? FLAG_STATUS : 0);
        ByteBuffer b = bhs(p, 0, flags, false);
        b.put(3, (byte) p.status());
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt()).putInt(36, p.dataSn()).putInt(40, p.bufferOffset())
                .putInt(44, p.residualCount());
        return sequence(b, p);
    }

    private static ByteBuffer logoutResponse(LogoutResponse p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        b.put(2, (byte) p.response()).putInt(16, p.itt());
        b.putShort(40, (short) p.time2Wait()).putShort(42, (short) p.time2Retain());
        return sequence(b, p);
    }

    private static ByteBuffer r2t(R2t p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        p.lun().write(b, 8);
        b.putInt(16, p.itt()).putInt(20, p.ttt()).putInt(36, p.r2tSn()).putInt(40, p.bufferOffset())
                .putInt(44, p.desiredDataTransferLength());
        return sequence(b, p);
    }

    private static ByteBuffer asyncMessage(AsyncMessage p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        p.lun().write(b, 8);
        b.putInt(16, RESERVED_TAG);
        b.put(36, (byte) p.asyncEvent()).put(37, (byte) p.asyncVCode()).putShort(38, (short) p.parameter1())
                .putShort(40, (short) p.parameter2()).putShort(42, (short) p.parameter3());
        return sequence(b, p);
    }

    private static ByteBuffer reject(Reject p) {
        ByteBuffer b = bhs(p, 0, FLAG_FINAL, false);
        b.put(2, (byte) p.reason()).putInt(16, RESERVED_TAG).putInt(36, p.dataSnOrR2tSn());
        return sequence(b, p);
    }

    // ---- common fields -----------------------------------------------------------------------------------------

    /** Bytes 0-7 (§11.2.1): I bit, opcode, byte 1, TotalAHSLength, DataSegmentLength. */
    private static ByteBuffer bhs(IscsiPdu p, int ahsLengthBytes, int byte1, boolean immediate) {
        ByteBuffer b = ByteBuffer.allocate(BHS_LENGTH + ahsLengthBytes);
        b.put(0, (byte) ((immediate ? IMMEDIATE_BIT : 0) | p.opcode())).put(1, (byte) byte1);
        b.putInt(4, (ahsLengthBytes / 4) << 24 | p.data().remaining());
        return b;
    }

    /** StatSN, ExpCmdSN, MaxCmdSN at 24, 28, 32: the same place in every target PDU. */
    private static ByteBuffer sequence(ByteBuffer b, TargetPdu p) {
        return b.putInt(24, p.statSn()).putInt(28, p.expCmdSn()).putInt(32, p.maxCmdSn());
    }

    private static int loginFlags(boolean transit, boolean cont, int csg, int nsg) {
        return (transit ? FLAG_TRANSIT : 0) | (cont ? FLAG_CONTINUE : 0) | csg << CSG_SHIFT | nsg;
    }

    /** §11.12.5 / §11.12.6: ISID in bytes 8-13, TSIH in 14-15. */
    private static void isidTsih(ByteBuffer b, long isid, int tsih) {
        b.putLong(8, isid << 16 | tsih);
    }
}
