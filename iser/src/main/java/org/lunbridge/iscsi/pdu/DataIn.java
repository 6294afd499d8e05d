package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.7 SCSI Data-In; with the S bit it also carries the command's status ("phase collapse",
 * §11.7.3), and no SCSI Response follows.
 * <pre>
 *  0 |.|.| 0x25      |F|A|0 0 0|O|U|S| Reserved      |Status or Rsvd |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN or Reserved                                               |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag or 0xffffffff                             |
 * 24 | StatSN or Reserved                                            |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | DataSN                                                        |
 * 40 | Buffer Offset                                                 |
 * 44 | Residual Count                                                |
 * 48 | DataSegment                                                   |
 * </pre>
 *
 * @param acknowledge A: the target asks for a DataACK SNACK (ErrorRecoveryLevel &gt; 0 only, §11.7.2)
 * @param statusPresent S: {@code status}, {@code statSn} and the residual fields are valid (§11.7.3)
 */
public record DataIn(boolean finalFlag, boolean acknowledge, boolean residualOverflow, boolean residualUnderflow,
                     boolean statusPresent, int status, Lun lun, int itt, int ttt, int statSn, int expCmdSn,
                     int maxCmdSn, int dataSn, int bufferOffset, int residualCount, ByteBuffer data)
        implements TargetPdu {
    public DataIn {
        // §11.7.3: S may only be set together with F.
        Checks.check(!statusPresent || finalFlag, "S bit set without F bit (RFC 7143 §11.7.3)");
        // §11.7.3: O and U are only valid with S and are mutually exclusive (as in §11.4.1).
        Checks.check(!(residualOverflow && residualUnderflow), "O and U bits both set (RFC 7143 §11.4.1)");
        Checks.check(statusPresent || !(residualOverflow || residualUnderflow),
                "O or U bit set without S bit (RFC 7143 §11.7.3)");
        Checks.unsigned8("Status", status);
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
    }

    /** A Data-In without status: more Data-In or a SCSI Response follows. */
    public static DataIn data(boolean finalFlag, Lun lun, int itt, int expCmdSn, int maxCmdSn, int dataSn,
                              int bufferOffset, ByteBuffer data) {
        return new DataIn(finalFlag, false, false, false, false, 0, lun, itt, IscsiConstants.RESERVED_TAG, 0,
                expCmdSn, maxCmdSn, dataSn, bufferOffset, 0, data);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_SCSI_DATA_IN;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
