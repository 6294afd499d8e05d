package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.6 SCSI Task Management Function Response.
 * <pre>
 *  0 |.|.| 0x22      |1| Reserved    | Response      | Reserved      |
 *  4 | TotalAHSLength (MUST be 0)    | DataSegmentLength (MUST be 0) |
 *  8 | Reserved (8 bytes)                                            |
 * 16 | Initiator Task Tag                                            |
 * 20 | Reserved                                                      |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | Reserved (12 bytes)                                           |
 * </pre>
 */
public record TaskManagementResponse(int response, int itt, int statSn, int expCmdSn, int maxCmdSn)
        implements TargetPdu {
    public TaskManagementResponse {
        // §11.6.1: 0-6 and 255 are defined.
        Checks.check(response >= IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE
                        && response <= IscsiConstants.TMF_RESPONSE_AUTHORIZATION_FAILED
                        || response == IscsiConstants.TMF_RESPONSE_FUNCTION_REJECTED,
                "Response: " + response + " (expected: 0..6 or 255, RFC 7143 §11.6.1)");
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_TASK_MANAGEMENT_RESPONSE;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
