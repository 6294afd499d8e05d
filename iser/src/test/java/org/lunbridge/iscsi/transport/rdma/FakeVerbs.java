package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import com.kenai.jffi.MemoryIO;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-memory {@link Verbs} with a scriptable target side. Memory is real (registered regions are direct buffers,
 * read and written by address through jffi's MemoryIO), handles are fake numbers tracked as live/destroyed so any
 * call on a destroyed handle is recorded in {@link #violations()}. CM answers are scripted per step; the target
 * side delivers Sends into posted receives, RDMA-Writes/Reads registered memory by rkey, and can remove the device.
 */
final class FakeVerbs implements Verbs {
    private static final MemoryIO IO = MemoryIO.getInstance();
    static final int EVENT_FD = 1001;
    static final int COMP_FD = 1002;

    /** A Send as the target saw it: wr_id, the gathered bytes (copied at post time) and the SGE count. */
    record PostedSend(long wrId, byte[] bytes, int sgeCount) {}

    private record PostedRecv(long wrId, Sge sge) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long nextHandle = 0x1000;
    private final Map<Long, String> live = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final ArrayDeque<CmEvent> cmEvents = new ArrayDeque<>();
    private final ArrayDeque<PostedRecv> recvs = new ArrayDeque<>();
    private final ArrayDeque<Long> unsignaledSends = new ArrayDeque<>();
    private final ArrayDeque<PostedSend> sends = new ArrayDeque<>();
    private final ArrayDeque<WorkCompletion> cq = new ArrayDeque<>();
    private final Map<Integer, MemoryRegion> byRkey = new HashMap<>();
    private final Map<Integer, Integer> access = new HashMap<>();
    private int nextKey = 0x100;
    private boolean armed;
    private int pendingCqEvents;
    private boolean qpError;
    private boolean deviceGone;
    private boolean eventFdClosed;
    private boolean compFdClosed;

    // Script.
    volatile int devices = 1;
    volatile Integer addrAnswer = RDMA_CM_EVENT_ADDR_RESOLVED;
    volatile Integer routeAnswer = RDMA_CM_EVENT_ROUTE_RESOLVED;
    volatile Integer connectAnswer = RDMA_CM_EVENT_ESTABLISHED;
    volatile boolean autoCompleteSends = true;
    volatile boolean failCreateQp;
    volatile ConnectParameters connectParameters;
    volatile QpCapacity qpCapacity;

    // ---- target side ----

    /** Delivers one Send into the oldest posted receive; false (and a violation) if none is posted (RNR). */
    boolean deliver(byte[] message) {
        lock.lock();
        try {
            PostedRecv recv = recvs.poll();
            if (recv == null) {
                violations.add("Send with no posted receive (RNR)");
                return false;
            }
            if (message.length > recv.sge().lengthBytes()) {
                complete(new WorkCompletion(recv.wrId(), IBV_WC_LOC_LEN_ERR, IBV_WC_RECV, 0, 0));
                return true;
            }
            IO.putByteArray(recv.sge().address(), message, 0, message.length);
            complete(new WorkCompletion(recv.wrId(), IBV_WC_SUCCESS, IBV_WC_RECV, message.length, 0));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next Send the initiator posted, waiting up to 5 s. */
    PostedSend takeSend() throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.SECONDS.toNanos(5);
            while (sends.isEmpty()) {
                if (nanos <= 0) {
                    throw new AssertionError("no Send posted within 5 s");
                }
                nanos = changed.awaitNanos(nanos);
            }
            return sends.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Completes the oldest Send posted while {@link #autoCompleteSends} was off. */
    void completeOneSend() {
        lock.lock();
        try {
            Long wrId = unsignaledSends.poll();
            if (wrId == null) {
                throw new AssertionError("no Send waiting for completion");
            }
            complete(new WorkCompletion(wrId, IBV_WC_SUCCESS, IBV_WC_SEND, 0, 0));
        } finally {
            lock.unlock();
        }
    }

    /** Queues any completion (error statuses, late completions after teardown). */
    void injectCompletion(WorkCompletion wc) {
        lock.lock();
        try {
            complete(wc);
        } finally {
            lock.unlock();
        }
    }

    /** The target's RDMA Write into our memory, checked against the MR's rkey, range and REMOTE_WRITE. */
    void rdmaWrite(int rkey, long address, byte[] data) {
        lock.lock();
        try {
            checkRemote(rkey, address, data.length, IBV_ACCESS_REMOTE_WRITE);
            IO.putByteArray(address, data, 0, data.length);
        } finally {
            lock.unlock();
        }
    }

    /** The target's RDMA Read of our memory, checked against rkey, range and REMOTE_READ. */
    byte[] rdmaRead(int rkey, long address, int length) {
        lock.lock();
        try {
            checkRemote(rkey, address, length, IBV_ACCESS_REMOTE_READ);
            byte[] data = new byte[length];
            IO.getByteArray(address, data, 0, length);
            return data;
        } finally {
            lock.unlock();
        }
    }

    void injectCmEvent(int type, int status) {
        lock.lock();
        try {
            cmEvents.add(new CmEvent(type, status, new byte[0]));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The HCA disappears: DEVICE_REMOVAL is queued and every later verb on it fails with ENODEV. */
    void removeDevice() {
        lock.lock();
        try {
            deviceGone = true;
            cmEvents.add(new CmEvent(RDMA_CM_EVENT_DEVICE_REMOVAL, 0, new byte[0]));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<String> calls() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    List<String> violations() {
        lock.lock();
        try {
            return List.copyOf(violations);
        } finally {
            lock.unlock();
        }
    }

    int postedReceives() {
        lock.lock();
        try {
            return recvs.size();
        } finally {
            lock.unlock();
        }
    }

    /** Handles not destroyed yet, by kind. */
    List<String> liveHandles() {
        lock.lock();
        try {
            List<String> kinds = new ArrayList<>(live.values());
            Collections.sort(kinds);
            return kinds;
        } finally {
            lock.unlock();
        }
    }

    // ---- Verbs ----

    @Override
    public int deviceCount() {
        return devices;
    }

    @Override
    public long createEventChannel() {
        return create("event_channel");
    }

    @Override
    public int eventChannelFd(long channel) {
        return EVENT_FD;
    }

    @Override
    public long createId(long channel) {
        use(channel, "event_channel");
        return create("cm_id");
    }

    @Override
    public void resolveAddr(long id, InetSocketAddress destination, int timeoutMillis) {
        use(id, "cm_id");
        answer(addrAnswer);
    }

    @Override
    public void resolveRoute(long id, int timeoutMillis) {
        use(id, "cm_id");
        answer(routeAnswer);
    }

    @Override
    public CmEvent getCmEvent(long channel) {
        lock.lock();
        try {
            use(channel, "event_channel");
            return cmEvents.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long deviceContext(long id) {
        use(id, "cm_id");
        return 0x77;
    }

    @Override
    public long allocPd(long context) throws RdmaException {
        gone("ibv_alloc_pd");
        return create("pd");
    }

    @Override
    public long createCompChannel(long context) throws RdmaException {
        gone("ibv_create_comp_channel");
        return create("comp_channel");
    }

    @Override
    public int compChannelFd(long compChannel) {
        return COMP_FD;
    }

    @Override
    public long createCq(long context, int entries, long compChannel) throws RdmaException {
        gone("ibv_create_cq");
        use(compChannel, "comp_channel");
        return create("cq");
    }

    @Override
    public long createQp(long id, long pd, long cqHandle, QpCapacity capacity) throws RdmaException {
        gone("rdma_create_qp");
        if (failCreateQp) {
            throw new RdmaException("rdma_create_qp", ENOMEM);
        }
        use(pd, "pd");
        use(cqHandle, "cq");
        qpCapacity = capacity;
        return create("qp");
    }

    @Override
    public void connect(long id, ConnectParameters parameters) throws RdmaException {
        use(id, "cm_id");
        gone("rdma_connect");
        connectParameters = parameters;
        answer(connectAnswer);
    }

    @Override
    public void disconnect(long id) {
        lock.lock();
        try {
            use(id, "cm_id");
            calls.add("rdma_disconnect");
            // The QP moves to the error state: every posted WR completes as flushed.
            qpError = true;
            while (!recvs.isEmpty()) {
                complete(new WorkCompletion(recvs.poll().wrId(), IBV_WC_WR_FLUSH_ERR, IBV_WC_RECV, 0, 0));
            }
            while (!unsignaledSends.isEmpty()) {
                complete(new WorkCompletion(unsignaledSends.poll(), IBV_WC_WR_FLUSH_ERR, IBV_WC_SEND, 0, 0));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MemoryRegion regMr(long pd, long address, long lengthBytes, int accessFlags) throws RdmaException {
        lock.lock();
        try {
            gone("ibv_reg_mr");
            use(pd, "pd");
            long handle = create("mr");
            int key = nextKey++;
            MemoryRegion region = new MemoryRegion(handle, address, lengthBytes, key, key);
            byRkey.put(key, region);
            access.put(key, accessFlags);
            return region;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deregMr(MemoryRegion region) {
        lock.lock();
        try {
            calls.add("ibv_dereg_mr");
            destroy(region.handle(), "mr");
            byRkey.remove(region.rkey());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int postSend(long qp, long wrId, List<Sge> sges) {
        lock.lock();
        try {
            if (!use(qp, "qp")) {
                return EINVAL;
            }
            if (deviceGone) {
                return ENODEV;
            }
            if (qpError) {
                complete(new WorkCompletion(wrId, IBV_WC_WR_FLUSH_ERR, IBV_WC_SEND, 0, 0));
                return 0;
            }
            int total = 0;
            for (Sge sge : sges) {
                if (!localOk(sge)) {
                    complete(new WorkCompletion(wrId, IBV_WC_LOC_PROT_ERR, IBV_WC_SEND, 0, 0));
                    return 0;
                }
                total += sge.lengthBytes();
            }
            byte[] bytes = new byte[total];
            int at = 0;
            for (Sge sge : sges) {
                IO.getByteArray(sge.address(), bytes, at, sge.lengthBytes());
                at += sge.lengthBytes();
            }
            sends.add(new PostedSend(wrId, bytes, sges.size()));
            if (autoCompleteSends) {
                complete(new WorkCompletion(wrId, IBV_WC_SUCCESS, IBV_WC_SEND, 0, 0));
            } else {
                unsignaledSends.add(wrId);
            }
            changed.signalAll();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int postRecv(long qp, long wrId, Sge sge) {
        lock.lock();
        try {
            if (!use(qp, "qp")) {
                return EINVAL;
            }
            if (deviceGone) {
                return ENODEV;
            }
            if (!localOk(sge)) {
                violations.add("receive SGE outside registered memory");
                return EINVAL;
            }
            if (qpError) {
                complete(new WorkCompletion(wrId, IBV_WC_WR_FLUSH_ERR, IBV_WC_RECV, 0, 0));
                return 0;
            }
            recvs.add(new PostedRecv(wrId, sge));
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int pollCq(long cqHandle, int max, List<WorkCompletion> out) {
        lock.lock();
        try {
            if (!use(cqHandle, "cq")) {
                return -EINVAL;
            }
            int n = 0;
            while (n < max && !cq.isEmpty()) {
                out.add(cq.poll());
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int reqNotifyCq(long cqHandle) {
        lock.lock();
        try {
            if (!use(cqHandle, "cq")) {
                return EINVAL;
            }
            armed = true;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean getCqEvent(long compChannel, long cqHandle) {
        lock.lock();
        try {
            use(compChannel, "comp_channel");
            if (pendingCqEvents == 0) {
                return false;
            }
            pendingCqEvents--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitReadable(int fd, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                boolean ready = fd == EVENT_FD ? eventFdClosed || !cmEvents.isEmpty()
                        : compFdClosed || pendingCqEvents > 0;
                if (ready) {
                    return true;
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroyQp(long id) {
        lock.lock();
        try {
            calls.add("rdma_destroy_qp");
            use(id, "cm_id");
            String kind = null;
            for (Map.Entry<Long, String> e : live.entrySet()) {
                if (e.getValue().equals("qp")) {
                    kind = "qp";
                    live.remove(e.getKey());
                    break;
                }
            }
            if (kind == null) {
                violations.add("rdma_destroy_qp without a QP");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroyCq(long cqHandle) {
        destroyCall("ibv_destroy_cq", cqHandle, "cq");
    }

    @Override
    public void destroyCompChannel(long compChannel) {
        destroyCall("ibv_destroy_comp_channel", compChannel, "comp_channel");
        lock.lock();
        try {
            compFdClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deallocPd(long pd) {
        destroyCall("ibv_dealloc_pd", pd, "pd");
    }

    @Override
    public void destroyId(long id) {
        destroyCall("rdma_destroy_id", id, "cm_id");
    }

    @Override
    public void destroyEventChannel(long channel) {
        destroyCall("rdma_destroy_event_channel", channel, "event_channel");
        lock.lock();
        try {
            eventFdClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- internals (lock held or taken) ----

    private void answer(Integer type) {
        if (type != null) {
            injectCmEvent(type, type == RDMA_CM_EVENT_REJECTED ? 28 : 0);
        }
    }

    private void complete(WorkCompletion wc) {
        cq.add(wc);
        if (armed) {
            armed = false;
            pendingCqEvents++;
        }
        changed.signalAll();
    }

    private boolean localOk(Sge sge) {
        for (MemoryRegion region : byRkey.values()) {
            if (region.lkey() == sge.lkey() && region.contains(sge.address(), sge.lengthBytes())) {
                return true;
            }
        }
        return false;
    }

    private void checkRemote(int rkey, long address, int length, int needed) {
        MemoryRegion region = byRkey.get(rkey);
        if (region == null || !region.contains(address, length) || (access.get(rkey) & needed) == 0) {
            throw new AssertionError("remote access error: rkey 0x" + Integer.toHexString(rkey) + " address 0x"
                    + Long.toHexString(address) + " length " + length);
        }
    }

    private void gone(String call) throws RdmaException {
        if (deviceGone) {
            throw new RdmaException(call, ENODEV);
        }
    }

    private long create(String kind) {
        lock.lock();
        try {
            long handle = nextHandle += 0x10;
            live.put(handle, kind);
            calls.add("create " + kind);
            return handle;
        } finally {
            lock.unlock();
        }
    }

    private boolean use(long handle, String kind) {
        lock.lock();
        try {
            if (!kind.equals(live.get(handle))) {
                violations.add("use of " + kind + " 0x" + Long.toHexString(handle) + " which is not live");
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void destroyCall(String call, long handle, String kind) {
        lock.lock();
        try {
            calls.add(call);
            destroy(handle, kind);
        } finally {
            lock.unlock();
        }
    }

    private void destroy(long handle, String kind) {
        if (!kind.equals(live.remove(handle))) {
            violations.add("destroy of " + kind + " 0x" + Long.toHexString(handle) + " which is not live");
        }
    }
}
