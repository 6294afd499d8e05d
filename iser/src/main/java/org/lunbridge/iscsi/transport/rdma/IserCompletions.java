package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.IBV_WC_SUCCESS;
import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.nameOfWcStatus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.ProtocolViolationException;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.rdma.Verbs.WorkCompletion;

/**
 * Turns the connection's work completions into effects (kernel {@code iser_handle_wc}): a send completion returns
 * its TX descriptor and credit; a receive completion is decoded, its RX descriptor re-posted at once, and the PDU
 * queued for {@code receive()}; any other status, flushes included, ends the connection (a flush means the QP is
 * in the error state). Polling and handling run under one lock, so PDUs are queued in CQ order whichever thread
 * (the reader, or a sender short of credits) polls.
 */
final class IserCompletions {
    /** Records the connection's first failure and returns it (see {@code IserTransport.fail}). */
    interface Failure {
        ConnectionLostException fail(Reason reason, String message, Throwable cause);
    }

    private final IserEndpoint endpoint;
    private final IserDescriptors descriptors;
    private final SendCredits credits;
    private final ConnectionStats stats;
    private final IntSupplier maxRecvDataSegmentLength;
    private final Failure failure;
    private final ReentrantLock pollLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<TargetPdu> ready = new ConcurrentLinkedQueue<>();

    IserCompletions(IserEndpoint endpoint, IserDescriptors descriptors, SendCredits credits, ConnectionStats stats,
                    IntSupplier maxRecvDataSegmentLength, Failure failure) {
        this.endpoint = endpoint;
        this.descriptors = descriptors;
        this.credits = credits;
        this.stats = stats;
        this.maxRecvDataSegmentLength = maxRecvDataSegmentLength;
        this.failure = failure;
    }

    /** The oldest received PDU not yet handed out, or null. */
    TargetPdu nextReady() {
        return ready.poll();
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** One poll batch, waiting for a concurrent poller to finish first; returns the completions handled. */
    int poll() throws ConnectionLostException {
        pollLock.lock();
        try {
            return pollLocked();
        } finally {
            pollLock.unlock();
        }
    }

    /** One poll batch unless another thread is polling right now (then it reaps for us). */
    void tryPoll() throws ConnectionLostException {
        if (pollLock.tryLock()) {
            try {
                pollLocked();
            } finally {
                pollLock.unlock();
            }
        }
    }

    /** Gives back a TX descriptor and its credit (send completion, or a post that failed). */
    void returnTx(int slot) {
        descriptors.returnTx(slot);
        credits.release();
    }

    private int pollLocked() throws ConnectionLostException {
        List<WorkCompletion> completions = new ArrayList<>(JnrVerbs.POLL_BATCH);
        int n = endpoint.poll(JnrVerbs.POLL_BATCH, completions);
        if (n < 0) {
            throw failure.fail(Reason.RESET, "ibv_poll_cq: " + n, null);
        }
        for (WorkCompletion wc : completions) {
            handle(wc);
        }
        return n;
    }

    private void handle(WorkCompletion wc) throws ConnectionLostException {
        boolean tx = IserDescriptors.isTx(wc.wrId());
        int slot = IserDescriptors.index(wc.wrId());
        if (tx) {
            returnTx(slot);
        }
        if (wc.status() != IBV_WC_SUCCESS) {
            throw failure.fail(Reason.RESET, (tx ? "send" : "receive") + " work completion "
                    + nameOfWcStatus(wc.status()) + " (vendor_err 0x" + Integer.toHexString(wc.vendorError()) + ")",
                    null);
        }
        if (tx) {
            return;
        }
        ByteBuffer message = descriptors.rxMessage(slot, wc.byteLength());
        IserMessages.Received received;
        try {
            received = IserMessages.decode(message, maxRecvDataSegmentLength.getAsInt());
        } catch (ProtocolViolationException e) {
            throw failure.fail(Reason.PROTOCOL_VIOLATION, e.getMessage(), e);
        }
        stats.pduReceived(received.opcode(), wc.byteLength());
        int rc = endpoint.postRecv(slot, descriptors.rxSge(slot));
        if (rc != 0) {
            throw failure.fail(Reason.RESET, "ibv_post_recv: errno " + rc, null);
        }
        int opcode = received.opcode();
        if (opcode == IscsiConstants.OP_SCSI_DATA_IN || opcode == IscsiConstants.OP_R2T) {
            // RFC 7145 §7.3: the target's iSER layer turns these into RDMA Write / Read; they never arrive.
            throw failure.fail(Reason.PROTOCOL_VIOLATION, IscsiConstants.nameOfOpcode(opcode)
                    + " received over iSER (RFC 7145 §7.3: data moves by RDMA)", null);
        }
        ready.add(received.pdu());
    }
}
