package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.RESERVED_TAG;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.18 NOP-Out: a ping (valid ITT, the target answers with NOP-In) or the answer to a target's NOP-In
 * (ITT 0xffffffff, TTT copied from the NOP-In).
 * <pre>
 *  0 |.|I| 0x00      |1| Reserved                                    |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN (8 bytes)                                                 |
 * 16 | Initiator Task Tag                                            |
 * 20 | Target Transfer Tag                                           |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN                                                     |
 * 32 | Reserved (16 bytes)                                           |
 * 48 | DataSegment - Ping Data (optional)                            |
 * </pre>
 */
public record NopOut(boolean immediate, Lun lun, int itt, int ttt, int cmdSn, int expStatSn, ByteBuffer data)
        implements InitiatorPdu {
    public NopOut {
        Checks.nonNull("LUN", lun);
        data = Checks.segment(data);
        // §11.18.1: ITT 0xffffffff means no response wanted; then the I bit MUST be 1.
        Checks.check(itt != RESERVED_TAG || immediate,
                "NOP-Out with Initiator Task Tag 0xffffffff must have the I bit set (RFC 7143 §11.18.1)");
        // §11.18.2: a NOP-Out answering a NOP-In (valid TTT) carries ITT 0xffffffff.
        Checks.check(ttt == RESERVED_TAG || itt == RESERVED_TAG,
                "NOP-Out with a Target Transfer Tag must carry Initiator Task Tag 0xffffffff (RFC 7143 §11.18.2)");
    }

    /** A ping the target answers with a NOP-In carrying {@code itt} and the same data. */
    public static NopOut ping(int itt, int cmdSn, int expStatSn, ByteBuffer data) {
        return new NopOut(true, Lun.ZERO, itt, RESERVED_TAG, cmdSn, expStatSn, data);
    }

    /** The answer to a target's NOP-In ping: TTT and LUN copied (§11.18.2, §11.19.3), ping data echoed. */
    public static NopOut answer(NopIn ping, int cmdSn, int expStatSn) {
        return new NopOut(true, ping.lun(), RESERVED_TAG, ping.ttt(), cmdSn, expStatSn, ping.data());
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_NOP_OUT;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
