package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.lunbridge.iscsi.transport.rdma.Verbs.CmEvent;
import org.lunbridge.iscsi.transport.rdma.Verbs.MemoryRegion;
import org.lunbridge.iscsi.transport.rdma.Verbs.Sge;
import org.lunbridge.iscsi.transport.rdma.Verbs.WorkCompletion;

/**
 * The RDMA side of one iSER connection (kernel {@code struct iser_conn} + {@code ib_conn}): CM id, event channel,
 * PD, completion channel, CQ, RC QP and the registered regions, with the {@link IserConnState} they are in.
 *
 * <p>Locking: {@link #lock} guards the state and every native call that uses a handle, data path included, so
 * a teardown (from {@code close}, a work completion error, or the CM monitor thread on DISCONNECTED /
 * DEVICE_REMOVAL) can never free a handle another thread is inside. Blocking waits ({@code poll} on the channel
 * fds) run outside the lock with a bounded slice, and every wake-up re-checks the state under the lock: after
 * teardown the fd may be closed or reused, so readiness alone proves nothing.
 */
final class IserEndpoint {
    private static final System.Logger LOG = System.getLogger(IserEndpoint.class.getPackageName());
    /** Longest a waiter sleeps in {@code poll} before re-checking the state (teardown does not wake it). */
    static final long WAIT_SLICE_MILLIS = 100;

    private final Verbs verbs;
    private final InetSocketAddress portal;
    private final ReentrantLock lock = new ReentrantLock();
    // All fields below: guarded by lock. Handles are 0 until created and again after destruction.
    private IserConnState state = IserConnState.INIT;
    private long eventChannel;
    private long id;
    private long pd;
    private long compChannel;
    private long cq;
    private long qp;
    private boolean connectCalled;
    /** Cached at creation: reading them from freed structs after teardown would be a use-after-free. */
    private volatile int eventFd = -1;
    private volatile int compFd = -1;
    private final List<MemoryRegion> regions = new ArrayList<>();
    /** Strong references to registered memory until deregistration (direct buffers are freed when unreachable). */
    private final List<ByteBuffer> registeredMemory = new ArrayList<>();
    private int flushedOnTeardown;

    IserEndpoint(Verbs verbs, InetSocketAddress portal) {
        this.verbs = verbs;
        this.portal = portal;
    }

    InetSocketAddress portal() {
        return portal;
    }

    IserConnState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** {@code ep_connect}, first half: event channel, CM id, address resolution started. */
    void open(int addressTimeoutMillis) throws RdmaException {
        lock.lock();
        try {
            state = state.checkTransition(IserConnState.PENDING);
            eventChannel = verbs.createEventChannel();
            eventFd = verbs.eventChannelFd(eventChannel);
            id = verbs.createId(eventChannel);
            verbs.resolveAddr(id, portal, addressTimeoutMillis);
        } finally {
            lock.unlock();
        }
    }

    void resolveRoute(int timeoutMillis) throws RdmaException {
        lock.lock();
        try {
            requireState(IserConnState.PENDING);
            verbs.resolveRoute(id, timeoutMillis);
        } finally {
            lock.unlock();
        }
    }

    /** After ROUTE_RESOLVED: PD, completion channel, one CQ for both queues (armed), RC QP. */
    void createResources(Verbs.QpCapacity capacity) throws RdmaException {
        lock.lock();
        try {
            requireState(IserConnState.PENDING);
            long context = verbs.deviceContext(id);
            pd = verbs.allocPd(context);
            compChannel = verbs.createCompChannel(context);
            compFd = verbs.compChannelFd(compChannel);
            cq = verbs.createCq(context, capacity.maxSendWr() + capacity.maxRecvWr(), compChannel);
            int rc = verbs.reqNotifyCq(cq);
            if (rc != 0) {
                throw new RdmaException("ibv_req_notify_cq", rc);
            }
            qp = verbs.createQp(id, pd, cq, capacity);
        } finally {
            lock.unlock();
        }
    }

    /** Registers {@code memory} (a page-aligned direct buffer) whole; deregistered by {@link #teardown}. */
    MemoryRegion register(ByteBuffer memory, int access) throws RdmaException {
        lock.lock();
        try {
            requireState(IserConnState.PENDING);
            MemoryRegion region = verbs.regMr(pd, NativeBuffers.address(memory), memory.capacity(), access);
            regions.add(region);
            registeredMemory.add(memory);
            return region;
        } finally {
            lock.unlock();
        }
    }

    void connect(Verbs.ConnectParameters parameters) throws RdmaException {
        lock.lock();
        try {
            requireState(IserConnState.PENDING);
            connectCalled = true;
            verbs.connect(id, parameters);
        } finally {
            lock.unlock();
        }
    }

    /** ESTABLISHED arrived: PENDING to UP. */
    void established() {
        lock.lock();
        try {
            state = state.checkTransition(IserConnState.UP);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next CM event before {@code deadlineNanos} (System.nanoTime), or null on timeout; for the connecting
     * thread, before the monitor runs.
     */
    CmEvent awaitCmEvent(long deadlineNanos) throws RdmaException, InterruptedException {
        while (true) {
            lock.lock();
            try {
                if (state != IserConnState.PENDING && state != IserConnState.UP) {
                    throw new RdmaException("CM event wait on a " + state + " connection", ENODEV);
                }
                CmEvent event = verbs.getCmEvent(eventChannel);
                if (event != null) {
                    LOG.log(Level.DEBUG, "{0}: {1}", portal, event);
                    return event;
                }
            } finally {
                lock.unlock();
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis <= 0) {
                return null;
            }
            verbs.awaitReadable(eventFd, Math.min(remainingMillis, WAIT_SLICE_MILLIS));
        }
    }

    /**
     * Starts the CM monitor thread of an UP connection: it hands DISCONNECTED, DEVICE_REMOVAL, ADDR_CHANGE and
     * TIMEWAIT_EXIT to {@code onFailure} (which tears down) and exits once the state leaves UP.
     */
    Thread startMonitor(Consumer<RdmaCmException> onFailure) {
        return Thread.ofPlatform().daemon().name("iser-cm " + portal).start(() -> monitor(onFailure));
    }

    private void monitor(Consumer<RdmaCmException> onFailure) {
        while (true) {
            try {
                verbs.awaitReadable(eventFd, WAIT_SLICE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            CmEvent event;
            lock.lock();
            try {
                if (state != IserConnState.UP) {
                    return;
                }
                event = verbs.getCmEvent(eventChannel);
            } catch (RdmaException e) {
                event = new CmEvent(RDMA_CM_EVENT_DEVICE_REMOVAL, -e.errno(), new byte[0]);
            } finally {
                lock.unlock();
            }
            if (event == null) {
                continue;
            }
            switch (event.type()) {
                case RDMA_CM_EVENT_DISCONNECTED, RDMA_CM_EVENT_DEVICE_REMOVAL, RDMA_CM_EVENT_ADDR_CHANGE,
                     RDMA_CM_EVENT_TIMEWAIT_EXIT, RDMA_CM_EVENT_CONNECT_ERROR, RDMA_CM_EVENT_UNREACHABLE ->
                        onFailure.accept(new RdmaCmException(event.type(), event.status(), "connection to " + portal));
                default -> LOG.log(Level.DEBUG, "{0}: ignoring {1} on an established connection", portal, event);
            }
        }
    }

    // ---- data path: each call under the lock, refused unless UP ----

    /** {@code ibv_post_send}; ENODEV once the connection left UP. */
    int postSend(long wrId, List<Sge> sges) {
        lock.lock();
        try {
            return state == IserConnState.UP || state == IserConnState.PENDING ? verbs.postSend(qp, wrId, sges)
                    : ENODEV;
        } finally {
            lock.unlock();
        }
    }

    /** {@code ibv_post_recv}; allowed from PENDING (receives are posted before {@code rdma_connect}). */
    int postRecv(long wrId, Sge sge) {
        lock.lock();
        try {
            return state == IserConnState.UP || state == IserConnState.PENDING ? verbs.postRecv(qp, wrId, sge)
                    : ENODEV;
        } finally {
            lock.unlock();
        }
    }

    /** {@code ibv_poll_cq}; -ENODEV once the connection left UP (teardown drained what was left). */
    int poll(int max, List<WorkCompletion> out) {
        lock.lock();
        try {
            return state == IserConnState.UP ? verbs.pollCq(cq, max, out) : -ENODEV;
        } finally {
            lock.unlock();
        }
    }

    int requestNotify() {
        lock.lock();
        try {
            return state == IserConnState.UP ? verbs.reqNotifyCq(cq) : ENODEV;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (capped at one slice) for the armed CQ to fire and consumes the event;
     * false when nothing came or the connection left UP.
     */
    boolean awaitCompletionEvent(long timeoutMillis) throws InterruptedException, RdmaException {
        if (!verbs.awaitReadable(compFd, Math.min(timeoutMillis, WAIT_SLICE_MILLIS))) {
            return false;
        }
        lock.lock();
        try {
            return state == IserConnState.UP && verbs.getCqEvent(compChannel, cq);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code ep_disconnect} + resource release, in the order the kernel's {@code iser_free_ib_conn_res} and
     * libiscsi use: disconnect (QP to error, posted WRs flush), drain the CQ, destroy QP, CQ, completion channel,
     * deregister every region, deallocate the PD, destroy the CM id and the event channel. Idempotent and never
     * throws: after DEVICE_REMOVAL each call may fail, which is logged and does not stop the rest.
     */
    void teardown() {
        lock.lock();
        try {
            if (state == IserConnState.TERMINATING || state == IserConnState.DOWN) {
                return;
            }
            state = state.checkTransition(IserConnState.TERMINATING);
            if (connectCalled) {
                quietly("rdma_disconnect", () -> verbs.disconnect(id));
            }
            if (cq != 0) {
                flushedOnTeardown = drain();
            }
            if (qp != 0) {
                quietly("rdma_destroy_qp", () -> verbs.destroyQp(id));
                qp = 0;
            }
            if (cq != 0) {
                quietly("ibv_destroy_cq", () -> verbs.destroyCq(cq));
                cq = 0;
            }
            if (compChannel != 0) {
                quietly("ibv_destroy_comp_channel", () -> verbs.destroyCompChannel(compChannel));
                compChannel = 0;
            }
            for (MemoryRegion region : regions) {
                quietly("ibv_dereg_mr", () -> verbs.deregMr(region));
            }
            regions.clear();
            registeredMemory.clear();
            if (pd != 0) {
                quietly("ibv_dealloc_pd", () -> verbs.deallocPd(pd));
                pd = 0;
            }
            if (id != 0) {
                quietly("rdma_destroy_id", () -> verbs.destroyId(id));
                id = 0;
            }
            if (eventChannel != 0) {
                quietly("rdma_destroy_event_channel", () -> verbs.destroyEventChannel(eventChannel));
                eventChannel = 0;
            }
            state = state.checkTransition(IserConnState.DOWN);
            LOG.log(Level.DEBUG, "{0}: RDMA resources released ({1} flushed work requests drained)", portal,
                    flushedOnTeardown);
        } finally {
            lock.unlock();
        }
    }

    /** Completions drained by the last teardown (flush errors and late successes). */
    int flushedOnTeardown() {
        lock.lock();
        try {
            return flushedOnTeardown;
        } finally {
            lock.unlock();
        }
    }

    /** Polls until the CQ is empty; RDMA_CM has moved the QP to error, so posted WRs complete as flushed. */
    private int drain() {
        List<WorkCompletion> completions = new ArrayList<>();
        int total = 0;
        // Bounded: a broken provider must not spin teardown forever.
        for (int round = 0; round < 1024; round++) {
            completions.clear();
            int n = verbs.pollCq(cq, 16, completions);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void requireState(IserConnState expected) throws RdmaException {
        if (state != expected) {
            throw new RdmaException("iSER connection " + portal + " is " + state + " (expected: " + expected + ")",
                    ENODEV, null);
        }
    }

    private interface NativeCall {
        void run() throws RdmaException;
    }

    private void quietly(String call, NativeCall action) {
        try {
            action.run();
        } catch (RdmaException | RuntimeException e) {
            LOG.log(Level.DEBUG, portal + ": " + call + " during teardown: " + e.getMessage());
        }
    }
}
