package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.4 SCSI Response.
 * <pre>
 *  0 |.|.| 0x21      |1|. .|o|u|O|U|.| Response      | Status        |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | Reserved (8 bytes)                                            |
 * 16 | Initiator Task Tag                                            |
 * 20 | SNACK Tag                                                     |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | ExpDataSN                                                     |
 * 40 | Bidirectional Read Residual Count                             |
 * 44 | Residual Count                                                |
 * 48 | DataSegment - Sense and/or Response Data                      |
 * </pre>
 * The data segment starts with a 2-byte SenseLength followed by the sense data (§11.4.7); see
 * {@link #senseData()}.
 *
 * @param status the SCSI status (SAM), valid only if {@code response} is Command Completed at Target (§11.4.2)
 */
public record ScsiResponse(boolean bidiReadResidualOverflow, boolean bidiReadResidualUnderflow,
                           boolean residualOverflow, boolean residualUnderflow, int response, int status, int itt,
                           int snackTag, int statSn, int expCmdSn, int maxCmdSn, int expDataSn,
                           int bidiReadResidualCount, int residualCount, ByteBuffer data) implements TargetPdu {
    public ScsiResponse {
        // §11.4.1: o and u, O and U are mutually exclusive.
        Checks.check(!(bidiReadResidualOverflow && bidiReadResidualUnderflow),
                "o and u bits both set (RFC 7143 §11.4.1)");
        Checks.check(!(residualOverflow && residualUnderflow), "O and U bits both set (RFC 7143 §11.4.1)");
        // §11.4.3: 0x02-0x7f are reserved code values.
        Checks.unsigned8("Response", response);
        Checks.check(response <= IscsiConstants.RESPONSE_TARGET_FAILURE
                        || response >= IscsiConstants.RESPONSE_VENDOR_SPECIFIC_MIN,
                "Response: " + response + " (expected: 0, 1 or 0x80..0xff, RFC 7143 §11.4.3)");
        Checks.unsigned8("Status", status);
        data = Checks.segment(data);
        Checks.senseFits(data);
    }

    /** A GOOD or CHECK CONDITION completion without residuals or bidirectional counts. */
    public static ScsiResponse completed(int status, int itt, int statSn, int expCmdSn, int maxCmdSn,
                                         ByteBuffer senseAndResponseData) {
        return new ScsiResponse(false, false, false, false, IscsiConstants.RESPONSE_COMMAND_COMPLETED_AT_TARGET,
                status, itt, 0, statSn, expCmdSn, maxCmdSn, 0, 0, 0, senseAndResponseData);
    }

    /** The sense data without its SenseLength prefix; empty if none (§11.4.7). */
    public ByteBuffer senseData() {
        return Checks.sense(data);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_SCSI_RESPONSE;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
