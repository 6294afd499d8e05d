package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.17 Reject: the target refuses a PDU; the data segment is the rejected PDU's header (BHS and AHS).
 * Its ITT is always 0xffffffff.
 * <pre>
 *  0 |.|.| 0x3f      |1| Reserved    | Reason        | Reserved      |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | Reserved (8 bytes)                                            |
 * 16 | 0xffffffff                                                    |
 * 20 | Reserved                                                      |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | DataSN/R2TSN or Reserved                                      |
 * 40 | Reserved (8 bytes)                                            |
 * 48 | DataSegment - Complete Header of Bad PDU                      |
 * </pre>
 */
public record Reject(int reason, int statSn, int expCmdSn, int maxCmdSn, int dataSnOrR2tSn, ByteBuffer data)
        implements TargetPdu {
    public Reject {
        // §11.17.1: 0x01-0x0c are defined (0x01 and 0x0b MUST NOT be sent, but are not reserved code values).
        Checks.range("Reason", reason, IscsiConstants.REJECT_RESERVED, IscsiConstants.REJECT_WAITING_FOR_LOGOUT);
        data = Checks.segment(data);
        // §11.17: the data segment holds the complete header of the rejected PDU.
        Checks.check(data.remaining() >= IscsiConstants.BHS_LENGTH, "DataSegmentLength: " + data.remaining()
                + " (expected: >= " + IscsiConstants.BHS_LENGTH + ", the rejected header, RFC 7143 §11.17)");
    }

    /** The rejected PDU's header (BHS and any AHS). */
    public ByteBuffer rejectedHeader() {
        return data.duplicate();
    }

    /** The rejected PDU's opcode. */
    public int rejectedOpcode() {
        return data.get(data.position()) & IscsiConstants.OPCODE_MASK;
    }

    /** The rejected PDU's Initiator Task Tag: how the session finds the task to fail (§11.17). */
    public int rejectedItt() {
        return data.getInt(data.position() + 16);
    }

    @Override
    public int itt() {
        return IscsiConstants.RESERVED_TAG;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_REJECT;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
