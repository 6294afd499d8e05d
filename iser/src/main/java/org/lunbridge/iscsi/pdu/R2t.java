package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.8 Ready To Transfer: the target asks for {@code desiredDataTransferLength} bytes at
 * {@code bufferOffset}, to be sent as Data-Out PDUs carrying {@code ttt}.
 * <pre>
 *  0 |.|.| 0x31      |1| Reserved                                    |
 *  4 | TotalAHSLength (MUST be 0)    | DataSegmentLength (MUST be 0) |
 *  8 | Logical Unit Number (LUN)                                     |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag                                           |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | R2TSN                                                         |
 * 40 | Buffer Offset                                                 |
 * 44 | Desired Data Transfer Length                                  |
 * </pre>
 */
public record R2t(Lun lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, int r2tSn, int bufferOffset,
                  int desiredDataTransferLength) implements TargetPdu {
    public R2t {
        Checks.nonNull("LUN", lun);
        // §11.8.4: the Desired Data Transfer Length MUST NOT be 0; TTT 0xffffffff is reserved (§11.8.5).
        Checks.check(desiredDataTransferLength != 0,
                "Desired Data Transfer Length: 0 (expected: > 0, RFC 7143 §11.8.4)");
        Checks.check(ttt != IscsiConstants.RESERVED_TAG,
                "Target Transfer Tag: 0xffffffff (expected: a valid tag, RFC 7143 §11.8.5)");
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_R2T;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
