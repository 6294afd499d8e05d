package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.14 Logout Request.
 * <pre>
 *  0 |.|I| 0x06      |1| Reason Code | Reserved                      |
 *  4 | TotalAHSLength (MUST be 0)    | DataSegmentLength (MUST be 0) |
 *  8 | Reserved (8 bytes)                                            |
 * 16 | Initiator Task Tag                                            |
 * 20 | CID or Reserved               | Reserved                      |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN                                                     |
 * 32 | Reserved (16 bytes)                                           |
 * </pre>
 */
public record LogoutRequest(boolean immediate, int reasonCode, int itt, int cid, int cmdSn, int expStatSn)
        implements InitiatorPdu {
    public LogoutRequest {
        Checks.range("Reason Code", reasonCode, IscsiConstants.LOGOUT_CLOSE_SESSION,
                IscsiConstants.LOGOUT_REMOVE_CONNECTION_FOR_RECOVERY);
        Checks.unsigned16("CID", cid);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_LOGOUT_REQUEST;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
