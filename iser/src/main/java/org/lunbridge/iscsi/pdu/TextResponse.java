package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.11 Text Response.
 * <pre>
 *  0 |.|.| 0x24      |F|C| Reserved                                  |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | Logical Unit Number (LUN) or Reserved                         |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag or 0xffffffff                             |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | Reserved (12 bytes)                                           |
 * 48 | DataSegment (Text)                                            |
 * </pre>
 */
public record TextResponse(boolean finalFlag, boolean cont, Lun lun, int itt, int ttt, int statSn, int expCmdSn,
                           int maxCmdSn, ByteBuffer data) implements TargetPdu {
    public TextResponse {
        // §11.11.2: F and C MUST NOT both be 1.
        Checks.check(!(finalFlag && cont), "F and C bits both set (RFC 7143 §11.11.2)");
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_TEXT_RESPONSE;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
