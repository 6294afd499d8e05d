package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.7 SCSI Data-Out, unsolicited (TTT 0xffffffff) or answering an R2T (TTT copied).
 * <pre>
 *  0 |.|.| 0x05      |F| Reserved                                    |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN or Reserved                                               |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag or 0xffffffff                             |
 * 24 | Reserved                                                      |
 * 28 | ExpStatSN                                                     |
 * 32 | Reserved                                                      |
 * 36 | DataSN                                                        |
 * 40 | Buffer Offset                                                 |
 * 44 | Reserved                                                      |
 * 48 | DataSegment                                                   |
 * </pre>
 *
 * @param finalFlag F: last PDU of the unsolicited burst or of the R2T's burst (§11.7.1)
 */
public record DataOut(boolean finalFlag, Lun lun, int itt, int ttt, int expStatSn, int dataSn, int bufferOffset,
                      ByteBuffer data) implements InitiatorPdu {
    public DataOut {
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
    }

    /** Data-Out carries no I bit (byte 0 bit 6 is reserved, §11.7). */
    @Override
    public boolean immediate() {
        return false;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_SCSI_DATA_OUT;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
