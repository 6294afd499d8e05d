package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.util.HexFormat;

/**
 * One-line descriptions of PDUs for DEBUG logs, with spec names, tags in hex and sequence numbers unsigned.
 * Data segments are summarised by length only: login text may carry CHAP responses, and data is user data.
 */
public final class PduDescriptions {
    private PduDescriptions() {}

    public static String describe(IscsiPdu pdu) {
        String fields = switch (pdu) {
            case NopOut p -> tags(p.itt(), p.ttt()) + sn(" cmdSn", p.cmdSn()) + sn(" expStatSn", p.expStatSn())
                    + " " + p.lun();
            case ScsiCommand p -> tag("itt", p.itt()) + " " + p.lun() + (p.finalFlag() ? " F" : "")
                    + (p.read() ? " R" : "") + (p.write() ? " W" : "") + " attr=" + nameOfTaskAttribute(p.taskAttribute())
                    + sn(" edtl", p.expectedDataTransferLength()) + sn(" cmdSn", p.cmdSn())
                    + sn(" expStatSn", p.expStatSn()) + " cdb=" + HexFormat.of().formatHex(p.cdb());
            case TaskManagementRequest p -> nameOfTmfFunction(p.function()) + " " + tag("itt", p.itt())
                    + " " + tag("rtt", p.referencedTaskTag()) + " " + p.lun() + sn(" cmdSn", p.cmdSn())
                    + sn(" refCmdSn", p.refCmdSn());
            case LoginRequest p -> stages(p.transit(), p.cont(), p.csg(), p.nsg())
                    + String.format(" isid=0x%012x tsih=%d cid=%d ", p.isid(), p.tsih(), p.cid()) + tag("itt", p.itt())
                    + sn(" cmdSn", p.cmdSn()) + sn(" expStatSn", p.expStatSn());
            case TextRequest p -> (p.finalFlag() ? "F " : "") + (p.cont() ? "C " : "") + tags(p.itt(), p.ttt())
                    + sn(" cmdSn", p.cmdSn());
            case DataOut p -> (p.finalFlag() ? "F " : "") + tags(p.itt(), p.ttt()) + sn(" dataSn", p.dataSn())
                    + sn(" offset", p.bufferOffset());
            case LogoutRequest p -> nameOfLogoutReason(p.reasonCode()) + " cid=" + p.cid() + " " + tag("itt", p.itt())
                    + sn(" cmdSn", p.cmdSn());
            case SnackRequest p -> nameOfSnackType(p.type()) + " " + tags(p.itt(), p.tttOrSnackTag())
                    + sn(" begRun", p.begRun()) + sn(" runLength", p.runLength());
            case NopIn p -> tags(p.itt(), p.ttt()) + window(p);
            case ScsiResponse p -> tag("itt", p.itt()) + " " + nameOfScsiResponse(p.response())
                    + String.format(" status=0x%02x", p.status())
                    + (p.residualOverflow() ? sn(" overflow", p.residualCount()) : "")
                    + (p.residualUnderflow() ? sn(" underflow", p.residualCount()) : "") + window(p);
            case TaskManagementResponse p -> tag("itt", p.itt()) + " " + nameOfTmfResponse(p.response()) + window(p);
            case LoginResponse p -> stages(p.transit(), p.cont(), p.csg(), p.nsg()) + " "
                    + nameOfLoginStatusClass(p.statusClass()) + String.format(" 0x%04x (%s)", p.status(),
                    nameOfLoginStatus(p.status())) + String.format(" tsih=%d ", p.tsih()) + tag("itt", p.itt())
                    + window(p);
            case TextResponse p -> (p.finalFlag() ? "F " : "") + (p.cont() ? "C " : "") + tags(p.itt(), p.ttt())
                    + window(p);
            case DataIn p -> (p.finalFlag() ? "F " : "") + (p.statusPresent()
                    ? String.format("S status=0x%02x ", p.status()) : "") + tags(p.itt(), p.ttt())
                    + sn(" dataSn", p.dataSn()) + sn(" offset", p.bufferOffset()) + window(p);
            case LogoutResponse p -> tag("itt", p.itt()) + " " + nameOfLogoutResponse(p.response())
                    + " time2Wait=" + p.time2Wait() + " time2Retain=" + p.time2Retain() + window(p);
            case R2t p -> tags(p.itt(), p.ttt()) + sn(" r2tSn", p.r2tSn()) + sn(" offset", p.bufferOffset())
                    + sn(" length", p.desiredDataTransferLength()) + window(p);
            case AsyncMessage p -> nameOfAsyncEvent(p.asyncEvent()) + " " + p.lun() + " parameters=" + p.parameter1()
                    + "," + p.parameter2() + "," + p.parameter3() + window(p);
            case Reject p -> nameOfRejectReason(p.reason()) + " of " + nameOfOpcode(p.rejectedOpcode()) + " "
                    + tag("itt", p.rejectedItt()) + window(p);
        };
        return nameOfOpcode(pdu.opcode()) + (pdu instanceof InitiatorPdu i && i.immediate() ? " (I) " : " ") + fields
                + " dataLength=" + pdu.data().remaining();
    }

    private static String window(TargetPdu p) {
        return sn(" statSn", p.statSn()) + sn(" expCmdSn", p.expCmdSn()) + sn(" maxCmdSn", p.maxCmdSn());
    }

    private static String stages(boolean transit, boolean cont, int csg, int nsg) {
        return nameOfStage(csg) + (transit ? "->" + nameOfStage(nsg) : "") + (cont ? " C" : "");
    }

    private static String tags(int itt, int ttt) {
        return tag("itt", itt) + " " + tag("ttt", ttt);
    }

    private static String tag(String name, int tag) {
        return String.format("%s=0x%08x", name, tag);
    }

    private static String sn(String name, int value) {
        return name + "=" + Integer.toUnsignedString(value);
    }
}
