package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsLayout.*;

import com.kenai.jffi.MemoryIO;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * {@link Verbs} over the real rdma-core: exported functions through {@link RdmaLibraries} (jnr-ffi), the inline
 * data path through {@link InlineVerbs} (jffi). One instance per connection: the WR/SGE/WC scratch areas are
 * preallocated here and reused, so the data path allocates no native memory (callers serialize, see
 * {@link Verbs}).
 */
final class JnrVerbs implements Verbs {
    private static final MemoryIO IO = MemoryIO.getInstance();
    /** Completions fetched per {@code ibv_poll_cq} (libiscsi and the kernel poll in batches of 16). */
    static final int POLL_BATCH = 16;
    private static final int MAX_SEND_SGE = 2;

    private final RdmaLibraries.IbVerbs ibv = RdmaLibraries.ibv();
    private final RdmaLibraries.RdmaCm cm = RdmaLibraries.cm();
    private final RdmaLibraries.LibC libc = RdmaLibraries.libc();
    private final jnr.ffi.Runtime runtime = RdmaLibraries.runtime();
    // Scratch, kept reachable for this object's lifetime (jnr frees Memory when its Pointer is collected).
    private final Pointer sendWr = Memory.allocateDirect(runtime, SIZEOF_IBV_SEND_WR, true);
    private final Pointer sendSges = Memory.allocateDirect(runtime, MAX_SEND_SGE * SIZEOF_IBV_SGE, true);
    private final Pointer recvWr = Memory.allocateDirect(runtime, SIZEOF_IBV_RECV_WR, true);
    private final Pointer recvSge = Memory.allocateDirect(runtime, SIZEOF_IBV_SGE, true);
    private final Pointer badWr = Memory.allocateDirect(runtime, 8, true);
    private final Pointer wcs = Memory.allocateDirect(runtime, POLL_BATCH * SIZEOF_IBV_WC, true);
    private final Pointer pollFd = Memory.allocateDirect(runtime, SIZEOF_POLLFD, true);

    private JnrVerbs() {}

    /** @throws UnsatisfiedLinkError if libibverbs.so.1 / librdmacm.so.1 cannot be loaded */
    static JnrVerbs create() {
        RdmaLibraries.load();
        return new JnrVerbs();
    }

    @Override
    public int deviceCount() {
        IntByReference count = new IntByReference();
        Pointer list = ibv.ibv_get_device_list(count);
        if (list == null) {
            return 0; // ENOSYS/ENODEV: no RDMA support in this kernel
        }
        ibv.ibv_free_device_list(list);
        return count.getValue();
    }

    @Override
    public long createEventChannel() throws RdmaException {
        Pointer channel = cm.rdma_create_event_channel();
        if (channel == null) {
            throw failed("rdma_create_event_channel");
        }
        setNonBlocking(IO.getInt(channel.address() + RDMA_EVENT_CHANNEL_FD), "rdma_event_channel");
        return channel.address();
    }

    @Override
    public int eventChannelFd(long channel) {
        return IO.getInt(channel + RDMA_EVENT_CHANNEL_FD);
    }

    @Override
    public long createId(long channel) throws RdmaException {
        PointerByReference id = new PointerByReference();
        if (cm.rdma_create_id(ptr(channel), id, null, RDMA_PS_TCP) != 0) {
            throw failed("rdma_create_id");
        }
        return id.getValue().address();
    }

    @Override
    public void resolveAddr(long id, InetSocketAddress destination, int timeoutMillis) throws RdmaException {
        Pointer sockaddr = sockaddr(destination);
        if (cm.rdma_resolve_addr(ptr(id), null, sockaddr, timeoutMillis) != 0) {
            throw failed("rdma_resolve_addr(" + destination + ")");
        }
    }

    @Override
    public void resolveRoute(long id, int timeoutMillis) throws RdmaException {
        if (cm.rdma_resolve_route(ptr(id), timeoutMillis) != 0) {
            throw failed("rdma_resolve_route");
        }
    }

    @Override
    public CmEvent getCmEvent(long channel) throws RdmaException {
        PointerByReference ref = new PointerByReference();
        if (cm.rdma_get_cm_event(ptr(channel), ref) != 0) {
            int errno = RdmaLibraries.errno();
            if (errno == EAGAIN) {
                return null;
            }
            throw new RdmaException("rdma_get_cm_event", errno);
        }
        long event = ref.getValue().address();
        int type = IO.getInt(event + RDMA_CM_EVENT_EVENT);
        int status = IO.getInt(event + RDMA_CM_EVENT_STATUS);
        long data = IO.getAddress(event + RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA);
        int length = IO.getByte(event + RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA_LEN) & 0xff;
        byte[] privateData = new byte[data == 0 ? 0 : length];
        if (privateData.length > 0) {
            IO.getByteArray(data, privateData, 0, privateData.length);
        }
        // Acked at once: rdma_destroy_id waits for every event of the id to be acked.
        cm.rdma_ack_cm_event(ref.getValue());
        return new CmEvent(type, status, privateData);
    }

    @Override
    public long deviceContext(long id) {
        return IO.getAddress(id + RDMA_CM_ID_VERBS);
    }

    @Override
    public long allocPd(long context) throws RdmaException {
        return check(ibv.ibv_alloc_pd(ptr(context)), "ibv_alloc_pd");
    }

    @Override
    public long createCompChannel(long context) throws RdmaException {
        long channel = check(ibv.ibv_create_comp_channel(ptr(context)), "ibv_create_comp_channel");
        setNonBlocking(compChannelFd(channel), "ibv_comp_channel");
        return channel;
    }

    @Override
    public int compChannelFd(long compChannel) {
        return IO.getInt(compChannel + IBV_COMP_CHANNEL_FD);
    }

    @Override
    public long createCq(long context, int entries, long compChannel) throws RdmaException {
        return check(ibv.ibv_create_cq(ptr(context), entries, null, ptr(compChannel), 0), "ibv_create_cq");
    }

    @Override
    public long createQp(long id, long pd, long cq, QpCapacity capacity) throws RdmaException {
        Pointer attr = Memory.allocateDirect(runtime, SIZEOF_IBV_QP_INIT_ATTR, true);
        long a = attr.address();
        IO.putAddress(a + IBV_QP_INIT_ATTR_SEND_CQ, cq);
        IO.putAddress(a + IBV_QP_INIT_ATTR_RECV_CQ, cq);
        IO.putInt(a + IBV_QP_INIT_ATTR_CAP_MAX_SEND_WR, capacity.maxSendWr());
        IO.putInt(a + IBV_QP_INIT_ATTR_CAP_MAX_RECV_WR, capacity.maxRecvWr());
        IO.putInt(a + IBV_QP_INIT_ATTR_CAP_MAX_SEND_SGE, capacity.maxSendSge());
        IO.putInt(a + IBV_QP_INIT_ATTR_CAP_MAX_RECV_SGE, capacity.maxRecvSge());
        IO.putInt(a + IBV_QP_INIT_ATTR_QP_TYPE, IBV_QPT_RC);
        IO.putInt(a + IBV_QP_INIT_ATTR_SQ_SIG_ALL, 0);
        if (cm.rdma_create_qp(ptr(id), ptr(pd), attr) != 0) {
            throw failed("rdma_create_qp");
        }
        return IO.getAddress(id + RDMA_CM_ID_QP);
    }

    @Override
    public void connect(long id, ConnectParameters parameters) throws RdmaException {
        byte[] data = parameters.privateData();
        Pointer privateData = Memory.allocateDirect(runtime, Math.max(1, data.length), true);
        privateData.put(0, data, 0, data.length);
        Pointer param = Memory.allocateDirect(runtime, SIZEOF_RDMA_CONN_PARAM, true);
        long p = param.address();
        IO.putAddress(p + RDMA_CONN_PARAM_PRIVATE_DATA, privateData.address());
        IO.putByte(p + RDMA_CONN_PARAM_PRIVATE_DATA_LEN, (byte) data.length);
        IO.putByte(p + RDMA_CONN_PARAM_RESPONDER_RESOURCES, (byte) parameters.responderResources());
        IO.putByte(p + RDMA_CONN_PARAM_INITIATOR_DEPTH, (byte) parameters.initiatorDepth());
        IO.putByte(p + RDMA_CONN_PARAM_RETRY_COUNT, (byte) parameters.retryCount());
        IO.putByte(p + RDMA_CONN_PARAM_RNR_RETRY_COUNT, (byte) parameters.rnrRetryCount());
        if (cm.rdma_connect(ptr(id), param) != 0) {
            throw failed("rdma_connect");
        }
    }

    @Override
    public void disconnect(long id) throws RdmaException {
        if (cm.rdma_disconnect(ptr(id)) != 0) {
            throw failed("rdma_disconnect");
        }
    }

    @Override
    public MemoryRegion regMr(long pd, long address, long lengthBytes, int access) throws RdmaException {
        long mr = check(ibv.ibv_reg_mr(ptr(pd), ptr(address), lengthBytes, access), "ibv_reg_mr");
        return new MemoryRegion(mr, address, lengthBytes, IO.getInt(mr + IBV_MR_LKEY), IO.getInt(mr + IBV_MR_RKEY));
    }

    @Override
    public void deregMr(MemoryRegion region) throws RdmaException {
        int rc = ibv.ibv_dereg_mr(ptr(region.handle()));
        if (rc != 0) {
            throw new RdmaException("ibv_dereg_mr", rc);
        }
    }

    @Override
    public int postSend(long qp, long wrId, List<Sge> sges) {
        if (sges.size() > MAX_SEND_SGE) {
            throw new IllegalArgumentException("SGEs: " + sges.size() + " (expected: <= " + MAX_SEND_SGE + ")");
        }
        long wr = sendWr.address();
        long sgl = sendSges.address();
        for (int i = 0; i < sges.size(); i++) {
            putSge(sgl + (long) i * SIZEOF_IBV_SGE, sges.get(i));
        }
        IO.putLong(wr + IBV_SEND_WR_WR_ID, wrId);
        IO.putAddress(wr + IBV_SEND_WR_NEXT, 0);
        IO.putAddress(wr + IBV_SEND_WR_SG_LIST, sgl);
        IO.putInt(wr + IBV_SEND_WR_NUM_SGE, sges.size());
        IO.putInt(wr + IBV_SEND_WR_OPCODE, IBV_WR_SEND);
        IO.putInt(wr + IBV_SEND_WR_SEND_FLAGS, IBV_SEND_SIGNALED);
        return InlineVerbs.postSend(qp, wr, badWr.address());
    }

    @Override
    public int postRecv(long qp, long wrId, Sge sge) {
        long wr = recvWr.address();
        putSge(recvSge.address(), sge);
        IO.putLong(wr + IBV_RECV_WR_WR_ID, wrId);
        IO.putAddress(wr + IBV_RECV_WR_NEXT, 0);
        IO.putAddress(wr + IBV_RECV_WR_SG_LIST, recvSge.address());
        IO.putInt(wr + IBV_RECV_WR_NUM_SGE, 1);
        return InlineVerbs.postRecv(qp, wr, badWr.address());
    }

    @Override
    public int pollCq(long cq, int max, List<WorkCompletion> out) {
        int n = InlineVerbs.pollCq(cq, Math.min(max, POLL_BATCH), wcs.address());
        for (int i = 0; i < n; i++) {
            long wc = wcs.address() + (long) i * SIZEOF_IBV_WC;
            out.add(new WorkCompletion(IO.getLong(wc + IBV_WC_WR_ID), IO.getInt(wc + IBV_WC_STATUS),
                    IO.getInt(wc + IBV_WC_OPCODE), IO.getInt(wc + IBV_WC_BYTE_LEN),
                    IO.getInt(wc + IBV_WC_VENDOR_ERR)));
        }
        return n;
    }

    @Override
    public int reqNotifyCq(long cq) {
        return InlineVerbs.reqNotifyCq(cq, false);
    }

    @Override
    public boolean getCqEvent(long compChannel, long cq) throws RdmaException {
        PointerByReference eventCq = new PointerByReference();
        PointerByReference context = new PointerByReference();
        if (ibv.ibv_get_cq_event(ptr(compChannel), eventCq, context) != 0) {
            int errno = RdmaLibraries.errno();
            if (errno == EAGAIN) {
                return false;
            }
            throw new RdmaException("ibv_get_cq_event", errno);
        }
        ibv.ibv_ack_cq_events(eventCq.getValue(), 1);
        return true;
    }

    @Override
    public boolean awaitReadable(int fd, long timeoutMillis) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long p = pollFd.address();
        IO.putInt(p + POLLFD_FD, fd);
        IO.putShort(p + POLLFD_EVENTS, (short) POLLIN);
        IO.putShort(p + POLLFD_REVENTS, (short) 0);
        int n = libc.poll(pollFd, 1, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeoutMillis)));
        return n > 0;
    }

    @Override
    public void destroyQp(long id) {
        cm.rdma_destroy_qp(ptr(id));
    }

    @Override
    public void destroyCq(long cq) throws RdmaException {
        int rc = ibv.ibv_destroy_cq(ptr(cq));
        if (rc != 0) {
            throw new RdmaException("ibv_destroy_cq", rc);
        }
    }

    @Override
    public void destroyCompChannel(long compChannel) throws RdmaException {
        int rc = ibv.ibv_destroy_comp_channel(ptr(compChannel));
        if (rc != 0) {
            throw new RdmaException("ibv_destroy_comp_channel", rc);
        }
    }

    @Override
    public void deallocPd(long pd) throws RdmaException {
        int rc = ibv.ibv_dealloc_pd(ptr(pd));
        if (rc != 0) {
            throw new RdmaException("ibv_dealloc_pd", rc);
        }
    }

    @Override
    public void destroyId(long id) throws RdmaException {
        if (cm.rdma_destroy_id(ptr(id)) != 0) {
            throw failed("rdma_destroy_id");
        }
    }

    @Override
    public void destroyEventChannel(long channel) {
        cm.rdma_destroy_event_channel(ptr(channel));
    }

    private static void putSge(long at, Sge sge) {
        IO.putLong(at + IBV_SGE_ADDR, sge.address());
        IO.putInt(at + IBV_SGE_LENGTH, sge.lengthBytes());
        IO.putInt(at + IBV_SGE_LKEY, sge.lkey());
    }

    /** A zeroed sockaddr_in / sockaddr_in6 for {@code destination}, network byte order port and address. */
    private Pointer sockaddr(InetSocketAddress destination) throws RdmaException {
        InetAddress address = destination.getAddress();
        if (address == null) {
            throw new RdmaException("unresolved address " + destination.getHostString() + ": rdma_resolve_addr", EINVAL,
                    null);
        }
        byte[] raw = address.getAddress();
        int port = destination.getPort();
        Pointer s;
        if (address instanceof Inet4Address) {
            s = Memory.allocateDirect(runtime, SIZEOF_SOCKADDR_IN, true);
            IO.putShort(s.address(), (short) AF_INET); // sa_family_t is host order
            s.put(SOCKADDR_IN_ADDR, raw, 0, raw.length);
        } else {
            s = Memory.allocateDirect(runtime, SIZEOF_SOCKADDR_IN6, true);
            IO.putShort(s.address(), (short) AF_INET6);
            s.put(SOCKADDR_IN6_ADDR, raw, 0, raw.length);
            IO.putInt(s.address() + SOCKADDR_IN6_SCOPE_ID, ((Inet6Address) address).getScopeId());
        }
        s.putByte(SOCKADDR_IN_PORT, (byte) (port >>> 8));
        s.putByte(SOCKADDR_IN_PORT + 1, (byte) port);
        return s;
    }

    private void setNonBlocking(int fd, String what) throws RdmaException {
        int flags = libc.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || libc.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw failed("fcntl(" + what + " fd, O_NONBLOCK)");
        }
    }

    private Pointer ptr(long address) {
        return address == 0 ? null : Pointer.wrap(runtime, address);
    }

    private static long check(Pointer result, String call) throws RdmaException {
        if (result == null) {
            throw failed(call);
        }
        return result.address();
    }

    private static RdmaException failed(String call) {
        return new RdmaException(call, RdmaLibraries.errno());
    }
}
