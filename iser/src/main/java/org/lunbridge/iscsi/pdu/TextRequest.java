package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.10 Text Request.
 * <pre>
 *  0 |.|I| 0x04      |F|C| Reserved                                  |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | Logical Unit Number (LUN) or Reserved                         |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag or 0xffffffff                             |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN                                                     |
 * 32 | Reserved (16 bytes)                                           |
 * 48 | DataSegment (Text)                                            |
 * </pre>
 */
public record TextRequest(boolean immediate, boolean finalFlag, boolean cont, Lun lun, int itt, int ttt, int cmdSn,
                          int expStatSn, ByteBuffer data) implements InitiatorPdu {
    public TextRequest {
        // §11.10.2: F and C MUST NOT both be 1.
        Checks.check(!(finalFlag && cont), "F and C bits both set (RFC 7143 §11.10.2)");
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_TEXT_REQUEST;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
