package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.TaskBuffers;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportCaps;
import org.lunbridge.iscsi.transport.rdma.Verbs.MemoryRegion;
import org.lunbridge.iscsi.transport.rdma.Verbs.Sge;

/**
 * iSCSI over iSER (RFC 7145) on one RC connection. Every PDU travels as a Send: {@code iSER header + BHS + AHS
 * + data} from a registered TX descriptor; data-carrying SCSI Commands advertise the task's registered buffers
 * ({@link #sendCommand}) and the target moves the data by RDMA Write/Read, so no Data-In, Data-Out or R2T PDU ever
 * crosses this transport. Digests are never enabled (§5.1).
 *
 * <p>Receiving: all RX descriptors are posted before {@code rdma_connect} and re-posted as soon as a message is
 * copied out. The single reader thread ({@link #receive}) drives the CQ: poll, re-arm, poll again, wait on the
 * completion channel. Send completions return the TX descriptor and its credit ({@link SendCredits}); a sender
 * short of credits polls the CQ itself, so sends progress even while no one receives.
 *
 * <p>Failure: a work completion error, a failed post, a CM DISCONNECTED/DEVICE_REMOVAL/TIMEWAIT_EXIT or
 * {@link #close} records the first {@link ConnectionLostException} and tears the endpoint down; tasks still known
 * are then only bookkeeping ({@link #releaseTask} never touches a freed device, as the kernel's
 * {@code iscsi_iser_cleanup_task}).
 */
public final class IserTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(IserTransport.class.getPackageName());

    private final IserEndpoint endpoint;
    private final TransportCaps caps;
    private final ConnectionStats stats = new ConnectionStats();
    private final SendCredits credits;
    private final RegisteredBufferPool pool;
    private final MemoryRegion poolRegion;
    private final IserDescriptors descriptors;
    private final Map<Integer, IserTask> tasks = new ConcurrentHashMap<>();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private final IserCompletions completions;
    private final AtomicReference<ConnectionLostException> failure = new AtomicReference<>();
    private final CompletableFuture<ConnectionLostException> lost = new CompletableFuture<>();
    private volatile int maxRecvDataSegmentLength;
    private volatile int maxSendDataSegmentLength = org.lunbridge.iscsi.transport.TransportOptions
            .LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;

    /**
     * Allocates and registers TX, RX and pool memory on a PENDING endpoint (QP created) and posts every receive,
     * ready for {@code rdma_connect}.
     */
    IserTransport(IserEndpoint endpoint, IserOptions options) throws RdmaException {
        this.endpoint = endpoint;
        this.caps = new TransportCaps("iser", false, false, options.targetRecvDataSegmentLength(),
                options.initiatorRecvDataSegmentLength(), true);
        this.maxRecvDataSegmentLength = options.initiatorRecvDataSegmentLength();
        this.maxSendDataSegmentLength = Math.min(maxSendDataSegmentLength, options.targetRecvDataSegmentLength());
        this.credits = new SendCredits(options.sendQueueDepth());
        this.descriptors = new IserDescriptors(endpoint, options);
        this.completions = new IserCompletions(endpoint, descriptors, credits, stats,
                () -> maxRecvDataSegmentLength, this::fail);
        ByteBuffer poolMemory = NativeBuffers.allocateAligned(options.poolBufferBytes() * options.poolBuffers());
        // The target RDMA-Writes read data into the pool and RDMA-Reads write data from it.
        this.poolRegion = endpoint.register(poolMemory,
                IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ);
        this.pool = new RegisteredBufferPool(poolMemory, poolRegion.address(), options.poolBufferBytes(),
                options.poolBuffers());
        for (int i = 0; i < descriptors.rxSlots(); i++) {
            int rc = endpoint.postRecv(i, descriptors.rxSge(i));
            if (rc != 0) {
                throw new RdmaException("ibv_post_recv (initial RX descriptor " + i + ")", rc);
            }
        }
    }

    /** Called by the connector once ESTABLISHED: CM monitor on. */
    void start() {
        endpoint.startMonitor(e -> fail(new ConnectionLostException(
                e.event() == RDMA_CM_EVENT_DISCONNECTED ? Reason.EOF : Reason.RESET,
                "RDMA CM " + VerbsConstants.nameOfCmEvent(e.event()) + " from " + endpoint.portal(), e)));
    }

    @Override
    public TransportCaps caps() {
        return caps;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return endpoint.portal();
    }

    /** The connection's RDMA state (for tests and diagnostics). */
    public IserConnState connectionState() {
        return endpoint.state();
    }

    @Override
    public void send(EncodedPdu pdu) throws ConnectionLostException {
        ByteBuffer header = pdu.header();
        checkOutgoing(header, pdu.data());
        post(IserHeader.CONTROL, header, pdu.data(), null);
    }

    @Override
    public void sendCommand(EncodedPdu command, TaskBuffers buffers) throws ConnectionLostException {
        ByteBuffer header = command.header();
        ByteBuffer immediate = command.data();
        checkOutgoing(header, immediate);
        if (PduFraming.opcode(header) != IscsiConstants.OP_SCSI_COMMAND) {
            throw new IllegalArgumentException("opcode: " + IscsiConstants.nameOfOpcode(PduFraming.opcode(header))
                    + " (expected: SCSI Command)");
        }
        int itt = header.getInt(header.position() + 16);
        if (itt != buffers.itt()) {
            throw new IllegalArgumentException("ITT: 0x" + Integer.toHexString(itt) + " (expected: 0x"
                    + Integer.toHexString(buffers.itt()) + ", the task's)");
        }
        IserTask task = IserTask.prepare(itt, command, buffers, pool, poolRegion, this::borrowBounce);
        if (tasks.putIfAbsent(itt, task) != null) {
            task.release(false);
            throw new IllegalArgumentException("ITT 0x" + Integer.toHexString(itt) + " already in use");
        }
        try {
            post(task.iserHeader(), header, EMPTY, task.immediateSge());
        } catch (ConnectionLostException | RuntimeException e) {
            if (tasks.remove(itt, task)) {
                task.release(false);
            }
            throw e;
        }
    }

    @Override
    public void releaseTask(int itt) {
        IserTask task = tasks.remove(itt);
        if (task != null) {
            task.release(false);
        }
    }

    /**
     * Lends a registered buffer of {@code lengthBytes} (at most {@link #maxTaskDataLengthBytes()}), waiting for
     * one if all are in use. Data placed there is advertised to the target without a copy.
     */
    public RegisteredBuffer borrowBuffer(int lengthBytes) throws ConnectionLostException, InterruptedException {
        RegisteredBuffer buffer;
        do {
            throwIfFailed();
            buffer = pool.borrow(lengthBytes, IserEndpoint.WAIT_SLICE_MILLIS);
        } while (buffer == null);
        return buffer;
    }

    /** The largest data transfer of one task in one direction; the session splits larger I/O. */
    public int maxTaskDataLengthBytes() {
        return pool.slotBytes();
    }

    /** Lowers (or raises, up to the TX descriptors) the Sends in flight to the queue depth agreed with the target. */
    public void setSendQueueDepth(int depth) {
        if (depth > descriptors.txSlots()) {
            throw new IllegalArgumentException("send queue depth: " + depth + " (expected: <= " + descriptors.txSlots()
                    + ", the TX descriptors)");
        }
        credits.setCapacity(depth);
    }

    /** Sends posted and not yet completed (for tests and metrics). */
    public int sendsInFlight() {
        return credits.inFlight();
    }

    /** Work completions drained from the CQ by the teardown (flushed receives and sends). */
    int flushedOnTeardown() {
        return endpoint.flushedOnTeardown();
    }

    /** Tasks whose buffers are still advertised. */
    public int activeTasks() {
        return tasks.size();
    }

    @Override
    public TargetPdu receive() throws ConnectionLostException {
        if (!receiving.compareAndSet(false, true)) {
            throw new IllegalStateException("receive() called by two threads at once; a transport has one reader");
        }
        try {
            while (true) {
                TargetPdu pdu = completions.nextReady();
                if (pdu != null) {
                    return deliver(pdu);
                }
                throwIfFailed();
                if (completions.poll() > 0) {
                    continue;
                }
                int rc = endpoint.requestNotify();
                if (rc != 0) {
                    throw fail(Reason.RESET, "ibv_req_notify_cq: errno " + rc, null);
                }
                // A completion that landed between the poll and the arm raised no event: poll once more.
                if (completions.poll() > 0 || completions.hasReady()) {
                    continue;
                }
                endpoint.awaitCompletionEvent(IserEndpoint.WAIT_SLICE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(Reason.CLOSED, "receive interrupted", e);
        } catch (RdmaException e) {
            throw fail(Reason.RESET, e.getMessage(), e);
        } finally {
            receiving.set(false);
        }
    }

    @Override
    public void enableDigests(boolean headerDigest, boolean dataDigest) {
        if (headerDigest || dataDigest) {
            throw new IllegalArgumentException("digest not supported by " + caps + " (RFC 7145 §5.1)");
        }
    }

    @Override
    public boolean headerDigest() {
        return false;
    }

    @Override
    public boolean dataDigest() {
        return false;
    }

    /** Our InitiatorRecvDataSegmentLength (RFC 7145 §6.3.2), bounded by the RX descriptors. */
    @Override
    public int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    @Override
    public void setMaxRecvDataSegmentLength(int lengthBytes) {
        checkLimit("InitiatorRecvDataSegmentLength", lengthBytes, caps.maxRecvDataSegmentLengthBytes());
        maxRecvDataSegmentLength = lengthBytes;
    }

    /** The TargetRecvDataSegmentLength (§6.3.1): the largest data segment {@link #send} accepts. */
    @Override
    public int maxSendDataSegmentLength() {
        return maxSendDataSegmentLength;
    }

    @Override
    public void setMaxSendDataSegmentLength(int lengthBytes) {
        checkLimit("TargetRecvDataSegmentLength", lengthBytes, caps.maxSendDataSegmentLengthBytes());
        maxSendDataSegmentLength = lengthBytes;
    }

    @Override
    public ConnectionStats stats() {
        return stats;
    }

    @Override
    public CompletionStage<ConnectionLostException> lost() {
        return lost.minimalCompletionStage();
    }

    @Override
    public boolean isOpen() {
        return failure.get() == null;
    }

    @Override
    public void fail(Reason reason, String message) {
        fail(new ConnectionLostException(reason, message));
    }

    @Override
    public void close() {
        fail(new ConnectionLostException(Reason.CLOSED, "close() on iSER connection to " + endpoint.portal()));
    }

    @Override
    public String toString() {
        return "IserTransport[" + endpoint.portal() + ", " + endpoint.state() + "]";
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** Copies the PDU into a TX descriptor and posts one signaled Send; the credit returns on its completion. */
    private void post(IserHeader iser, ByteBuffer header, ByteBuffer inlineData, Sge external)
            throws ConnectionLostException {
        acquireCredit();
        int slot = descriptors.takeTx();
        int length = IserMessages.encode(iser, header, inlineData, descriptors.txBuffer(slot));
        List<Sge> sges = new ArrayList<>(2);
        sges.add(descriptors.txSge(slot, length));
        long wireBytes = length;
        if (external != null) {
            sges.add(external);
            wireBytes += external.lengthBytes();
        }
        int rc = endpoint.postSend(descriptors.txWrId(slot), sges);
        if (rc != 0) {
            completions.returnTx(slot);
            throw fail(Reason.RESET, "ibv_post_send: errno " + rc, null);
        }
        int opcode = PduFraming.opcode(header);
        stats.pduSent(opcode, wireBytes);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "sent {0} over iSER: {1} bytes, {2}", IscsiConstants.nameOfOpcode(opcode),
                    wireBytes, iser);
        }
    }

    private void acquireCredit() throws ConnectionLostException {
        try {
            while (!credits.tryAcquire()) {
                // Reap send completions ourselves in case no reader is polling right now.
                completions.tryPoll();
                if (credits.acquire(IserEndpoint.WAIT_SLICE_MILLIS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(Reason.CLOSED, "interrupted waiting for a send credit", e);
        }
    }

    private RegisteredBuffer borrowBounce(int lengthBytes) throws ConnectionLostException {
        try {
            return borrowBuffer(lengthBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(Reason.CLOSED, "interrupted waiting for a registered buffer", e);
        }
    }

    /** A SCSI Response ends its task: bounced read data is copied into the caller's buffer, slots returned. */
    private TargetPdu deliver(TargetPdu pdu) {
        if (pdu instanceof ScsiResponse response) {
            IserTask task = tasks.remove(response.itt());
            if (task != null) {
                task.complete(response);
            }
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "received {0} over iSER", IscsiConstants.nameOfOpcode(pdu.opcode()));
        }
        return pdu;
    }

    private ConnectionLostException fail(Reason reason, String message, Throwable cause) {
        return fail(new ConnectionLostException(reason, message + " (" + endpoint.portal() + ")", cause));
    }

    /** Records the first failure, wakes credit/pool waiters, tears the endpoint down; returns the first. */
    private ConnectionLostException fail(ConnectionLostException candidate) {
        if (failure.compareAndSet(null, candidate)) {
            credits.fail(candidate);
            pool.fail(candidate);
            endpoint.teardown();
            Level level = candidate.reason() == Reason.CLOSED ? Level.INFO : Level.WARNING;
            LOG.log(level, "iSER connection to " + endpoint.portal() + " lost: " + candidate.getMessage(),
                    candidate.getCause());
            lost.complete(candidate);
        }
        return failure.get();
    }

    private void throwIfFailed() throws ConnectionLostException {
        ConnectionLostException first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    private void checkOutgoing(ByteBuffer header, ByteBuffer data) {
        int headerLength = header.remaining();
        if (headerLength < IscsiConstants.BHS_LENGTH || headerLength % 4 != 0
                || headerLength != PduFraming.headerLength(header)) {
            throw new IllegalArgumentException("header length: " + headerLength + " (expected: 48 + TotalAHSLength*4)");
        }
        if (headerLength + IserCodec.HEADER_LENGTH > IserDescriptors.TX_HEADER_BYTES) {
            throw new IllegalArgumentException("header length: " + headerLength + " (expected: <= "
                    + (IserDescriptors.TX_HEADER_BYTES - IserCodec.HEADER_LENGTH) + ")");
        }
        int dataLength = data.remaining();
        if (PduFraming.dataSegmentLength(header) != dataLength) {
            throw new IllegalArgumentException("DataSegmentLength: " + PduFraming.dataSegmentLength(header)
                    + " (expected: " + dataLength + ", the data buffer's remaining bytes)");
        }
        if (dataLength > maxSendDataSegmentLength) {
            throw new IllegalArgumentException("data segment: " + dataLength + " bytes (expected: <= "
                    + maxSendDataSegmentLength + ", the TargetRecvDataSegmentLength)");
        }
    }

    private static void checkLimit(String name, int value, int max) {
        if (value < TransportCaps.MIN_RECV_DATA_SEGMENT_LENGTH || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: "
                    + TransportCaps.MIN_RECV_DATA_SEGMENT_LENGTH + ".." + max + ")");
        }
    }
}
