package org.lunbridge.iscsi.transport.rdma;

/**
 * Every struct offset and size this package reads or writes in rdma-core memory (x86_64 / LP64, rdma-core 44
 * headers {@code infiniband/verbs.h}, {@code rdma/rdma_cma.h}). Raw offsets, not {@code jnr.ffi.Struct}: jnr's
 * Struct drops trailing padding and misplaces members after unions (ibv_send_wr 116 B instead of 128).
 *
 * <p>{@code VerbsLayoutTest} compiles {@code verbs-offsets.c} with {@code offsetof()} against the installed
 * headers and asserts each constant here by name; add a constant here and a line there together.
 *
 * <p>The four {@code ibv_context.ops} slots are what the static-inline verbs dereference
 * ({@code qp->context->ops.post_send(...)}); every binary compiled against verbs.h bakes them in, so rdma-core
 * cannot move them.
 */
public final class VerbsLayout {
    private VerbsLayout() {}

    // struct ibv_sge
    public static final int SIZEOF_IBV_SGE = 16;
    public static final int IBV_SGE_ADDR = 0;
    public static final int IBV_SGE_LENGTH = 8;
    public static final int IBV_SGE_LKEY = 12;

    // struct ibv_send_wr
    public static final int SIZEOF_IBV_SEND_WR = 128;
    public static final int IBV_SEND_WR_WR_ID = 0;
    public static final int IBV_SEND_WR_NEXT = 8;
    public static final int IBV_SEND_WR_SG_LIST = 16;
    public static final int IBV_SEND_WR_NUM_SGE = 24;
    public static final int IBV_SEND_WR_OPCODE = 28;
    public static final int IBV_SEND_WR_SEND_FLAGS = 32;
    public static final int IBV_SEND_WR_IMM_DATA = 36;
    public static final int IBV_SEND_WR_RDMA_REMOTE_ADDR = 40;
    public static final int IBV_SEND_WR_RDMA_RKEY = 48;

    // struct ibv_recv_wr
    public static final int SIZEOF_IBV_RECV_WR = 32;
    public static final int IBV_RECV_WR_WR_ID = 0;
    public static final int IBV_RECV_WR_NEXT = 8;
    public static final int IBV_RECV_WR_SG_LIST = 16;
    public static final int IBV_RECV_WR_NUM_SGE = 24;

    // struct ibv_wc
    public static final int SIZEOF_IBV_WC = 48;
    public static final int IBV_WC_WR_ID = 0;
    public static final int IBV_WC_STATUS = 8;
    public static final int IBV_WC_OPCODE = 12;
    public static final int IBV_WC_VENDOR_ERR = 16;
    public static final int IBV_WC_BYTE_LEN = 20;
    public static final int IBV_WC_QP_NUM = 28;
    public static final int IBV_WC_WC_FLAGS = 36;

    // struct ibv_mr
    public static final int IBV_MR_ADDR = 16;
    public static final int IBV_MR_LENGTH = 24;
    public static final int IBV_MR_LKEY = 36;
    public static final int IBV_MR_RKEY = 40;

    // struct ibv_qp_init_attr (cap is struct ibv_qp_cap at 32)
    public static final int SIZEOF_IBV_QP_INIT_ATTR = 64;
    public static final int IBV_QP_INIT_ATTR_SEND_CQ = 8;
    public static final int IBV_QP_INIT_ATTR_RECV_CQ = 16;
    public static final int IBV_QP_INIT_ATTR_CAP_MAX_SEND_WR = 32;
    public static final int IBV_QP_INIT_ATTR_CAP_MAX_RECV_WR = 36;
    public static final int IBV_QP_INIT_ATTR_CAP_MAX_SEND_SGE = 40;
    public static final int IBV_QP_INIT_ATTR_CAP_MAX_RECV_SGE = 44;
    public static final int IBV_QP_INIT_ATTR_QP_TYPE = 52;
    public static final int IBV_QP_INIT_ATTR_SQ_SIG_ALL = 56;

    // The first member of ibv_qp / ibv_cq is the ibv_context pointer the inline verbs follow.
    public static final int IBV_QP_CONTEXT = 0;
    public static final int IBV_QP_QP_NUM = 52;
    public static final int IBV_CQ_CONTEXT = 0;
    public static final int IBV_CQ_CQE = 28;
    public static final int IBV_COMP_CHANNEL_FD = 8;

    // struct ibv_context: ops slots (function pointers) used by the static-inline data-path verbs
    public static final int IBV_CONTEXT_OPS_POLL_CQ = 96;
    public static final int IBV_CONTEXT_OPS_REQ_NOTIFY_CQ = 104;
    public static final int IBV_CONTEXT_OPS_POST_SEND = 208;
    public static final int IBV_CONTEXT_OPS_POST_RECV = 216;

    // struct rdma_conn_param
    public static final int SIZEOF_RDMA_CONN_PARAM = 24;
    public static final int RDMA_CONN_PARAM_PRIVATE_DATA = 0;
    public static final int RDMA_CONN_PARAM_PRIVATE_DATA_LEN = 8;
    public static final int RDMA_CONN_PARAM_RESPONDER_RESOURCES = 9;
    public static final int RDMA_CONN_PARAM_INITIATOR_DEPTH = 10;
    public static final int RDMA_CONN_PARAM_FLOW_CONTROL = 11;
    public static final int RDMA_CONN_PARAM_RETRY_COUNT = 12;
    public static final int RDMA_CONN_PARAM_RNR_RETRY_COUNT = 13;

    // struct rdma_cm_event (param.conn is a struct rdma_conn_param at 24)
    public static final int RDMA_CM_EVENT_ID = 0;
    public static final int RDMA_CM_EVENT_EVENT = 16;
    public static final int RDMA_CM_EVENT_STATUS = 20;
    public static final int RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA = 24;
    public static final int RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA_LEN = 32;

    // struct rdma_cm_id / struct rdma_event_channel
    public static final int RDMA_CM_ID_VERBS = 0;
    public static final int RDMA_CM_ID_QP = 24;
    public static final int RDMA_EVENT_CHANNEL_FD = 0;

    // struct sockaddr_in / sockaddr_in6 (netinet/in.h), the destination of rdma_resolve_addr
    public static final int SIZEOF_SOCKADDR_IN = 16;
    public static final int SOCKADDR_IN_PORT = 2;
    public static final int SOCKADDR_IN_ADDR = 4;
    public static final int SIZEOF_SOCKADDR_IN6 = 28;
    public static final int SOCKADDR_IN6_PORT = 2;
    public static final int SOCKADDR_IN6_ADDR = 8;
    public static final int SOCKADDR_IN6_SCOPE_ID = 24;

    // struct pollfd (poll.h): waiting on the CM and completion channel fds with a timeout
    public static final int SIZEOF_POLLFD = 8;
    public static final int POLLFD_FD = 0;
    public static final int POLLFD_EVENTS = 4;
    public static final int POLLFD_REVENTS = 6;
}
