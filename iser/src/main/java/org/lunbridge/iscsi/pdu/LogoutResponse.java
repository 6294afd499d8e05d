package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.15 Logout Response.
 * <pre>
 *  0 |.|.| 0x26      |1| Reserved    | Response      | Reserved      |
 *  4 | TotalAHSLength (MUST be 0)    | DataSegmentLength (MUST be 0) |
 *  8 | Reserved (8 bytes)                                            |
 * 16 | Initiator Task Tag                                            |
 * 20 | Reserved                                                      |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | Reserved                                                      |
 * 40 | Time2Wait                     | Time2Retain                   |
 * 44 | Reserved                                                      |
 * </pre>
 */
public record LogoutResponse(int response, int itt, int statSn, int expCmdSn, int maxCmdSn, int time2Wait,
                             int time2Retain) implements TargetPdu {
    public LogoutResponse {
        Checks.range("Response", response, IscsiConstants.LOGOUT_RESPONSE_CLOSED_SUCCESSFULLY,
                IscsiConstants.LOGOUT_RESPONSE_CLEANUP_FAILED);
        Checks.unsigned16("Time2Wait", time2Wait);
        Checks.unsigned16("Time2Retain", time2Retain);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_LOGOUT_RESPONSE;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
