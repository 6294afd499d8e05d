package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.RESERVED_TAG;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.19 NOP-In: the answer to a ping NOP-Out (ITT copied, TTT 0xffffffff), or the target's own ping
 * (ITT 0xffffffff; a valid TTT asks for a NOP-Out answer).
 * <pre>
 *  0 |.|.| 0x20      |1| Reserved                                    |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN or Reserved                                               |
 * 16 | Initiator Task Tag or 0xffffffff                              |
 * 20 | Target Transfer Tag or 0xffffffff                             |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | Reserved (12 bytes)                                           |
 * 48 | DataSegment - Return Ping Data                                |
 * </pre>
 */
public record NopIn(Lun lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, ByteBuffer data)
        implements TargetPdu {
    public NopIn {
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
        // §11.19: a NOP-In answering a NOP-Out (valid ITT) has TTT 0xffffffff.
        Checks.check(itt == RESERVED_TAG || ttt == RESERVED_TAG,
                "NOP-In with a valid Initiator Task Tag must carry Target Transfer Tag 0xffffffff (RFC 7143 §11.19)");
        // §11.19: a NOP-In that answers no NOP-Out (ITT 0xffffffff) carries no data.
        Checks.check(itt != RESERVED_TAG || !data.hasRemaining(), "DataSegmentLength: " + data.remaining()
                + " (expected: 0 with Initiator Task Tag 0xffffffff, RFC 7143 §11.19)");
    }

    /** True if the target pings and wants a NOP-Out back (§11.19). */
    public boolean wantsAnswer() {
        return ttt != RESERVED_TAG;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_NOP_IN;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
