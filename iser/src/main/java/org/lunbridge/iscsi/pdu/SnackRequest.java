package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.16 SNACK Request (only with ErrorRecoveryLevel &gt; 0).
 * <pre>
 *  0 |.|.| 0x10      |1|.|.|.| Type  | Reserved                      |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN or Reserved                                               |
 * 16 | Initiator Task Tag or 0xffffffff                              |
 * 20 | Target Transfer Tag or SNACK Tag or 0xffffffff                |
 * 24 | Reserved                                                      |
 * 28 | ExpStatSN                                                     |
 * 32 | Reserved (8 bytes)                                            |
 * 40 | BegRun                                                        |
 * 44 | RunLength                                                     |
 * </pre>
 */
public record SnackRequest(int type, Lun lun, int itt, int tttOrSnackTag, int expStatSn, int begRun, int runLength)
        implements InitiatorPdu {
    public SnackRequest {
        Checks.range("Type", type, IscsiConstants.SNACK_DATA_R2T, IscsiConstants.SNACK_R_DATA);
        Checks.nonNull("LUN", lun);
    }

    @Override
    public boolean immediate() {
        return false;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_SNACK_REQUEST;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
