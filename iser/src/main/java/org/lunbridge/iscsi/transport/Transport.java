package org.lunbridge.iscsi.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * One iSCSI connection's data mover, the Java face of the kernel's {@code struct iscsi_transport} (conn
 * create/bind/start/stop, xmit, conn_get_stats). It frames whole PDUs (RFC 7143 §11.1) and checks digests
 * (§13.1); it knows nothing of CmdSN windows, ITTs, TMFs or replay, which the session layer owns.
 *
 * <p>Threads: any number of senders ({@link #send} writes each PDU whole, under a lock); exactly one reader
 * ({@link #receive}, e.g. a receive loop on a virtual thread). {@link #close} and {@link #fail} may be called
 * from any thread and unblock both.
 *
 * <p>Failure: the first error (EOF, reset, digest error, protocol violation, local close) becomes a
 * {@link ConnectionLostException}; it completes {@link #lost()} exactly once and is rethrown by every later
 * {@code send}/{@code receive}. The socket is closed at that moment, so nothing hangs on a dead connection.
 */
public interface Transport extends AutoCloseable {
    /** What this transport can do (digests, segment limits, RDMA data movement). */
    TransportCaps caps();

    InetSocketAddress remoteAddress();

    /**
     * Writes {@code pdu} whole: header, [HeaderDigest], data, padding, [DataDigest], without copying the data
     * buffer. Thread-safe; PDUs of concurrent senders never interleave.
     *
     * @throws IllegalArgumentException if the data segment exceeds {@link #maxSendDataSegmentLength()} or the
     *     header's DataSegmentLength does not match the data (a caller bug, the connection stays up)
     * @throws ConnectionLostException if the connection is or becomes unusable
     */
    void send(EncodedPdu pdu) throws ConnectionLostException;

    /**
     * Sends a SCSI Command PDU together with its task's data buffers (kernel {@code xmit_task} + {@code
     * init_task}). Transports without {@link TransportCaps#rdmaDataMovement()} (TCP) just {@link #send} it: the
     * session then sends Data-Out on R2T and places Data-In as usual. An RDMA transport (iSER) instead advertises
     * {@code buffers} in the iSER header; no R2T, Data-In or Data-Out PDU follows, and once {@link #receive}
     * returns the task's SCSI Response the read data is in {@code buffers.readBuffer()} and the write data has
     * been fetched. The task stays known to the transport until that SCSI Response or {@link #releaseTask}.
     *
     * @throws IllegalArgumentException if {@code command} is not a SCSI Command of ITT {@code buffers.itt()}, or
     *     (RDMA) its data segment is longer than {@code buffers.writeData()}
     * @throws ConnectionLostException if the connection is or becomes unusable
     */
    default void sendCommand(EncodedPdu command, TaskBuffers buffers) throws ConnectionLostException {
        send(command);
    }

    /**
     * Forgets a task that ended without a SCSI Response (aborted by a TMF, timed out, or failed with the
     * connection), the kernel's {@code cleanup_task}: an RDMA transport unmaps/returns its buffers, after which the
     * target can no longer access them. Call it only once the target cannot move the task's data any more (ABORT
     * TASK answered, or the connection lost). No-op for TCP, for unknown ITTs, and after teardown.
     */
    default void releaseTask(int itt) {}

    /**
     * Blocks until the next whole PDU has arrived, digests verified, and returns it decoded. Only one thread may
     * receive at a time.
     *
     * @throws ConnectionLostException EOF, reset, digest error, or a PDU breaking RFC 7143 framing (e.g. a
     *     DataSegmentLength above {@link #maxRecvDataSegmentLength()}, refused before allocating)
     */
    TargetPdu receive() throws ConnectionLostException;

    /**
     * Turns on the digests negotiated at login (§13.1: they apply from the first PDU after the final Login
     * Response). Call it from the reader thread between two {@link #receive()} calls, before sending the first
     * full-feature PDU; the target then cannot have sent a digested PDU yet.
     *
     * @throws IllegalArgumentException if {@link #caps()} lacks a requested digest
     */
    void enableDigests(boolean headerDigest, boolean dataDigest);

    boolean headerDigest();

    boolean dataDigest();

    /** Our declared MaxRecvDataSegmentLength (§13.12); 8192 until login negotiates another. */
    int maxRecvDataSegmentLength();

    void setMaxRecvDataSegmentLength(int lengthBytes);

    /** The target's declared MaxRecvDataSegmentLength: the largest data segment {@link #send} accepts. */
    int maxSendDataSegmentLength();

    void setMaxSendDataSegmentLength(int lengthBytes);

    /** Counters of this connection; the session layer bumps timeouts and NOP timeouts in the same object. */
    ConnectionStats stats();

    /** Completes once, with the first failure (or reason {@code CLOSED} after {@link #close()}). */
    CompletionStage<ConnectionLostException> lost();

    /** False once {@link #lost()} has completed. */
    boolean isOpen();

    /**
     * Declares the connection dead for a reason the session layer found (e.g. {@code TIMEOUT} after an unanswered
     * NOP-Out): closes the socket and completes {@link #lost()} unless an earlier failure did.
     */
    void fail(ConnectionLostException.Reason reason, String message);

    /** Closes the socket; idempotent. {@link #lost()} completes with reason {@code CLOSED} if still open. */
    @Override
    void close();
}
