package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.9 Asynchronous Message. Its ITT is always 0xffffffff.
 * <pre>
 *  0 |.|.| 0x32      |1| Reserved                                    |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | LUN or Reserved                                               |
 * 16 | 0xffffffff                                                    |
 * 20 | Reserved                                                      |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | AsyncEvent    | AsyncVCode    | Parameter1 or Reserved        |
 * 40 | Parameter2 or Reserved        | Parameter3 or Reserved        |
 * 44 | Reserved                                                      |
 * 48 | DataSegment - Sense Data and iSCSI Event Data                 |
 * </pre>
 */
public record AsyncMessage(Lun lun, int statSn, int expCmdSn, int maxCmdSn, int asyncEvent, int asyncVCode,
                           int parameter1, int parameter2, int parameter3, ByteBuffer data) implements TargetPdu {
    public AsyncMessage {
        Checks.nonNull("LUN", lun);
        // §11.9.1: 0-4 are defined, 255 is vendor specific, 5-254 are reserved code values.
        Checks.check(asyncEvent >= IscsiConstants.ASYNC_SCSI_EVENT
                        && asyncEvent <= IscsiConstants.ASYNC_PARAMETER_NEGOTIATION
                        || asyncEvent == IscsiConstants.ASYNC_VENDOR_SPECIFIC,
                "AsyncEvent: " + asyncEvent + " (expected: 0..4 or 255, RFC 7143 §11.9.1)");
        Checks.unsigned8("AsyncVCode", asyncVCode);
        Checks.unsigned16("Parameter1", parameter1);
        Checks.unsigned16("Parameter2", parameter2);
        Checks.unsigned16("Parameter3", parameter3);
        data = Checks.segment(data);
        Checks.senseFits(data);
    }

    /** §11.9.4: the sense data without its SenseLength prefix; empty if none. */
    public ByteBuffer senseData() {
        return Checks.sense(data);
    }

    @Override
    public int itt() {
        return IscsiConstants.RESERVED_TAG;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_ASYNC_MESSAGE;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
