package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.iscsi.pdu.DataOut;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;

/**
 * Splits a write's buffer into what travels where (RFC 7143 §3.2.4.2, §13.11-§13.14): immediate data in the SCSI
 * Command, an unsolicited Data-Out burst, and the Data-Out sequence answering each R2T. Pure: every PDU's data is a
 * slice of the caller's buffer, nothing is copied.
 *
 * @param immediateData        ImmediateData=Yes negotiated
 * @param initialR2t           InitialR2T=Yes negotiated: no unsolicited Data-Out
 * @param firstBurstLength     bound on all unsolicited data (immediate + Data-Out), §13.14
 * @param maxBurstLength       bound on one R2T's sequence, §13.13
 * @param maxSendSegmentLength the target's MaxRecvDataSegmentLength: no data segment we send is longer, §13.12
 */
record DataOutPlanner(boolean immediateData, boolean initialR2t, int firstBurstLength, int maxBurstLength,
                      int maxSendSegmentLength) {

    DataOutPlanner {
        if (firstBurstLength <= 0 || maxBurstLength <= 0 || maxSendSegmentLength <= 0) {
            throw new IllegalArgumentException("lengths must be positive");
        }
    }

    /** Bytes carried in the SCSI Command PDU itself: min(EDTL, FirstBurstLength, MaxRecvDataSegmentLength). */
    int immediateLength(int expectedLength) {
        if (!immediateData) {
            return 0;
        }
        return Math.min(expectedLength, Math.min(firstBurstLength, maxSendSegmentLength));
    }

    /** End offset (exclusive) of all unsolicited data: immediate plus the unsolicited Data-Out burst. */
    int unsolicitedEnd(int expectedLength) {
        if (initialR2t) {
            return immediateLength(expectedLength);
        }
        return Math.min(expectedLength, firstBurstLength);
    }

    /** Whether Data-Out PDUs follow the command unsolicited; the command's F bit is the negation (§11.3.1.1). */
    boolean hasUnsolicitedDataOut(int expectedLength) {
        return unsolicitedEnd(expectedLength) > immediateLength(expectedLength);
    }

    /** The unsolicited Data-Out burst: TTT 0xffffffff, DataSN from 0, F on the last (§11.7.1, §11.7.4). */
    List<DataOut> unsolicited(Lun lun, int itt, int expStatSn, ByteBuffer source) {
        int expectedLength = source.remaining();
        return sequence(lun, itt, IscsiConstants.RESERVED_TAG, expStatSn, source, immediateLength(expectedLength),
                unsolicitedEnd(expectedLength) - immediateLength(expectedLength));
    }

    /**
     * The Data-Out sequence answering one R2T: exactly the requested range, DataSN restarting at 0 for the R2T
     * (§11.7.4), the R2T's TTT, F on the last PDU.
     *
     * @throws IllegalArgumentException when the R2T asks beyond the buffer or above MaxBurstLength (§11.8.4)
     */
    List<DataOut> solicited(Lun lun, int itt, int ttt, int expStatSn, ByteBuffer source, int bufferOffset,
                            int desiredLength) {
        long end = Integer.toUnsignedLong(bufferOffset) + Integer.toUnsignedLong(desiredLength);
        if (bufferOffset < 0 || desiredLength <= 0 || end > source.remaining()) {
            throw new IllegalArgumentException("R2T Buffer Offset " + Integer.toUnsignedString(bufferOffset)
                    + " + Desired Data Transfer Length " + Integer.toUnsignedString(desiredLength)
                    + " (expected: <= Expected Data Transfer Length " + source.remaining() + ")");
        }
        if (desiredLength > maxBurstLength) {
            throw new IllegalArgumentException("R2T Desired Data Transfer Length " + desiredLength
                    + " (expected: <= MaxBurstLength " + maxBurstLength + ", RFC 7143 §11.8.4)");
        }
        return sequence(lun, itt, ttt, expStatSn, source, bufferOffset, desiredLength);
    }

    private List<DataOut> sequence(Lun lun, int itt, int ttt, int expStatSn, ByteBuffer source, int offset,
                                   int length) {
        List<DataOut> pdus = new ArrayList<>(length / maxSendSegmentLength + 1);
        int dataSn = 0;
        int done = 0;
        while (done < length) {
            int n = Math.min(maxSendSegmentLength, length - done);
            boolean last = done + n == length;
            ByteBuffer slice = source.slice(source.position() + offset + done, n);
            pdus.add(new DataOut(last, lun, itt, ttt, expStatSn, dataSn++, offset + done, slice));
            done += n;
        }
        return pdus;
    }
}
