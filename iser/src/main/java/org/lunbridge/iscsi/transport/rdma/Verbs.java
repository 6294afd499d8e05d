package org.lunbridge.iscsi.transport.rdma;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The rdma-core calls an iSER initiator makes, with native objects as {@code long} addresses. {@link JnrVerbs}
 * binds them (jnr-ffi for exported functions, jffi through {@code context->ops} for the static inlines); unit
 * tests use an in-memory fake so connection, credit and teardown interleavings run deterministically.
 *
 * <p>Errors: control-path calls throw {@link RdmaException} with the errno; data-path calls
 * ({@link #postSend}, {@link #postRecv}, {@link #pollCq}, {@link #reqNotifyCq}) return the provider's status
 * like the C inlines do (0 or a positive errno; poll: count or negative). Nothing here is thread-safe: the
 * endpoint serializes calls under its state lock, except {@link #awaitReadable}, which only polls an fd.
 */
public interface Verbs {
    /** {@code ibv_get_device_list}: how many RDMA devices exist (0 when none or the kernel lacks RDMA). */
    int deviceCount();

    /** {@code rdma_create_event_channel}, its fd set O_NONBLOCK. */
    long createEventChannel() throws RdmaException;

    int eventChannelFd(long channel);

    /** {@code rdma_create_id(channel, &id, NULL, RDMA_PS_TCP)}. */
    long createId(long channel) throws RdmaException;

    /** {@code rdma_resolve_addr(id, NULL, dst, timeoutMs)}; completion arrives as a CM event. */
    void resolveAddr(long id, InetSocketAddress destination, int timeoutMillis) throws RdmaException;

    /** {@code rdma_resolve_route(id, timeoutMs)}; completion arrives as a CM event. */
    void resolveRoute(long id, int timeoutMillis) throws RdmaException;

    /** {@code rdma_get_cm_event} without blocking, copied and acked at once; null if none is pending. */
    CmEvent getCmEvent(long channel) throws RdmaException;

    /** {@code id->verbs}: the device context chosen by address resolution. */
    long deviceContext(long id);

    long allocPd(long context) throws RdmaException;

    /** {@code ibv_create_comp_channel}, its fd set O_NONBLOCK. */
    long createCompChannel(long context) throws RdmaException;

    int compChannelFd(long compChannel);

    long createCq(long context, int entries, long compChannel) throws RdmaException;

    /** {@code rdma_create_qp}: an RC QP on {@code id}, one CQ for sends and receives; returns {@code id->qp}. */
    long createQp(long id, long pd, long cq, QpCapacity capacity) throws RdmaException;

    /** {@code rdma_connect} with the given private data and RC parameters. */
    void connect(long id, ConnectParameters parameters) throws RdmaException;

    /** {@code rdma_disconnect}: moves the QP to the error state, so posted WRs complete with flush errors. */
    void disconnect(long id) throws RdmaException;

    MemoryRegion regMr(long pd, long address, long lengthBytes, int access) throws RdmaException;

    void deregMr(MemoryRegion region) throws RdmaException;

    /** {@code ibv_post_send} of one signaled {@code IBV_WR_SEND} gathering {@code sges}; 0 or an errno. */
    int postSend(long qp, long wrId, List<Sge> sges);

    /** {@code ibv_post_recv} of one receive of one SGE; 0 or an errno. */
    int postRecv(long qp, long wrId, Sge sge);

    /** {@code ibv_poll_cq}: up to {@code max} completions appended to {@code out}; count, or negative on error. */
    int pollCq(long cq, int max, List<WorkCompletion> out);

    /** {@code ibv_req_notify_cq(cq, 0)}; 0 or an errno. */
    int reqNotifyCq(long cq);

    /** {@code ibv_get_cq_event} without blocking, then {@code ibv_ack_cq_events(cq, 1)}; false if none. */
    boolean getCqEvent(long compChannel, long cq) throws RdmaException;

    /**
     * {@code poll(fd, POLLIN, timeout)}: true if readable. Called without the endpoint lock; the fd may have
     * been closed meanwhile, so a true answer only means "look again under the lock".
     */
    boolean awaitReadable(int fd, long timeoutMillis) throws InterruptedException;

    void destroyQp(long id);

    void destroyCq(long cq) throws RdmaException;

    void destroyCompChannel(long compChannel) throws RdmaException;

    void deallocPd(long pd) throws RdmaException;

    void destroyId(long id) throws RdmaException;

    void destroyEventChannel(long channel);

    /** One scatter/gather element ({@code struct ibv_sge}). */
    record Sge(long address, int lengthBytes, int lkey) {}

    /** {@code struct ibv_qp_cap} of the RC QP. */
    record QpCapacity(int maxSendWr, int maxRecvWr, int maxSendSge, int maxRecvSge) {}

    /** The {@code struct rdma_conn_param} fields this initiator sets. */
    record ConnectParameters(byte[] privateData, int responderResources, int initiatorDepth, int retryCount,
                             int rnrRetryCount) {}

    /** A registered memory region ({@code struct ibv_mr}): handle, range, local and remote keys. */
    record MemoryRegion(long handle, long address, long lengthBytes, int lkey, int rkey) {
        public boolean contains(long start, long length) {
            return start >= address && length >= 0 && start + length <= address + lengthBytes;
        }
    }

    /** The fields of {@code struct ibv_wc} the initiator reads. */
    record WorkCompletion(long wrId, int status, int opcode, int byteLength, int vendorError) {}

    /** A copied {@code struct rdma_cm_event}: type, status (negative errno or reject reason), private data. */
    record CmEvent(int type, int status, byte[] privateData) {
        @Override
        public String toString() {
            return VerbsConstants.nameOfCmEvent(type) + "(status " + status + ")";
        }
    }
}
