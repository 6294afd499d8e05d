package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.iscsi.pdu.Lun;

/**
 * One SCSI command in flight (cf. Linux {@code struct iscsi_task}). Mutable fields are guarded by the session lock.
 * The future is completed exactly once, by whoever moves {@link #state} to a terminal state.
 */
final class ScsiTask {

    final Lun lun;
    final byte[] cdb;
    /** Destination of Data-In (position..limit), or null. Writes go to absolute indexes, never moving it. */
    final ByteBuffer dataIn;
    /** Source of Data-Out (position..limit), or null. Only sliced. */
    final ByteBuffer dataOut;
    final int expectedLength;
    final CompletableFuture<ScsiOutcome> future = new CompletableFuture<>();

    int itt;
    int cmdSn;
    /** The session generation at submission; a response in a later generation is for a dead task. */
    long age;
    TaskState state = TaskState.QUEUED;
    /** Next DataSN expected in Data-In (§11.7.4: starts at 0, +1 per PDU). */
    int expDataSn;
    /** Data-In bytes received; with DataPDUInOrder=Yes also the next expected Buffer Offset. */
    long receivedBytes;
    /** Next R2TSN expected (§11.8.3). */
    int expR2tSn;
    /** Whether the command was handed to the writer (CmdSN taken). */
    boolean sent;

    ScsiTask(Lun lun, byte[] cdb, ByteBuffer dataIn, ByteBuffer dataOut) {
        if (dataIn != null && dataOut != null) {
            throw new IllegalArgumentException("bidirectional commands are not supported");
        }
        this.lun = lun;
        this.cdb = cdb.clone();
        this.dataIn = dataIn;
        this.dataOut = dataOut;
        this.expectedLength = dataIn != null ? dataIn.remaining() : dataOut != null ? dataOut.remaining() : 0;
    }

    boolean isRead() {
        return dataIn != null;
    }

    boolean isWrite() {
        return dataOut != null;
    }

    /** Moves to {@code next}, checking the transition; false if already terminal (someone else completed it). */
    boolean moveTo(TaskState next) {
        if (state.terminal()) {
            return false;
        }
        state = state.checkTransition(next);
        return true;
    }

    int scsiOpcode() {
        return cdb[0] & 0xff;
    }

    @Override
    public String toString() {
        return String.format("ScsiTask[itt=0x%08x op=0x%02x lun=%s len=%d %s]", itt, scsiOpcode(), lun,
                expectedLength, state);
    }
}
