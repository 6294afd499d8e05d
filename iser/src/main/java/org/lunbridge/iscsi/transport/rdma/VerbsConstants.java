package org.lunbridge.iscsi.transport.rdma;

/**
 * Enum values of rdma-core (verbs.h, rdma_cma.h) and libc used by this package, by their C names, plus
 * {@code nameOf} helpers for logs. {@code VerbsLayoutTest} checks every value against the installed headers.
 */
public final class VerbsConstants {
    private VerbsConstants() {}

    // enum ibv_wr_opcode
    public static final int IBV_WR_SEND = 2;
    // enum ibv_send_flags
    public static final int IBV_SEND_SIGNALED = 2;
    // enum ibv_wc_opcode
    public static final int IBV_WC_SEND = 0;
    public static final int IBV_WC_RECV = 128;
    // enum ibv_wc_status
    public static final int IBV_WC_SUCCESS = 0;
    public static final int IBV_WC_LOC_LEN_ERR = 1;
    public static final int IBV_WC_LOC_PROT_ERR = 4;
    /** Expected once the QP is in the error state (after disconnect): drained, not a new failure. */
    public static final int IBV_WC_WR_FLUSH_ERR = 5;
    public static final int IBV_WC_REM_ACCESS_ERR = 10;
    public static final int IBV_WC_RETRY_EXC_ERR = 12;
    // enum ibv_access_flags
    public static final int IBV_ACCESS_LOCAL_WRITE = 1;
    public static final int IBV_ACCESS_REMOTE_WRITE = 2;
    public static final int IBV_ACCESS_REMOTE_READ = 4;
    // enum ibv_qp_type
    public static final int IBV_QPT_RC = 2;
    // enum rdma_port_space
    public static final int RDMA_PS_TCP = 0x106;

    // enum rdma_cm_event_type
    public static final int RDMA_CM_EVENT_ADDR_RESOLVED = 0;
    public static final int RDMA_CM_EVENT_ADDR_ERROR = 1;
    public static final int RDMA_CM_EVENT_ROUTE_RESOLVED = 2;
    public static final int RDMA_CM_EVENT_ROUTE_ERROR = 3;
    public static final int RDMA_CM_EVENT_CONNECT_REQUEST = 4;
    public static final int RDMA_CM_EVENT_CONNECT_RESPONSE = 5;
    public static final int RDMA_CM_EVENT_CONNECT_ERROR = 6;
    public static final int RDMA_CM_EVENT_UNREACHABLE = 7;
    public static final int RDMA_CM_EVENT_REJECTED = 8;
    public static final int RDMA_CM_EVENT_ESTABLISHED = 9;
    public static final int RDMA_CM_EVENT_DISCONNECTED = 10;
    public static final int RDMA_CM_EVENT_DEVICE_REMOVAL = 11;
    public static final int RDMA_CM_EVENT_MULTICAST_JOIN = 12;
    public static final int RDMA_CM_EVENT_MULTICAST_ERROR = 13;
    public static final int RDMA_CM_EVENT_ADDR_CHANGE = 14;
    public static final int RDMA_CM_EVENT_TIMEWAIT_EXIT = 15;

    // libc
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int POLLIN = 1;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int O_NONBLOCK = 04000;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;

    private static final String[] CM_EVENTS = {"ADDR_RESOLVED", "ADDR_ERROR", "ROUTE_RESOLVED", "ROUTE_ERROR",
        "CONNECT_REQUEST", "CONNECT_RESPONSE", "CONNECT_ERROR", "UNREACHABLE", "REJECTED", "ESTABLISHED",
        "DISCONNECTED", "DEVICE_REMOVAL", "MULTICAST_JOIN", "MULTICAST_ERROR", "ADDR_CHANGE", "TIMEWAIT_EXIT"};

    private static final String[] WC_STATUSES = {"SUCCESS", "LOC_LEN_ERR", "LOC_QP_OP_ERR", "LOC_EEC_OP_ERR",
        "LOC_PROT_ERR", "WR_FLUSH_ERR", "MW_BIND_ERR", "BAD_RESP_ERR", "LOC_ACCESS_ERR", "REM_INV_REQ_ERR",
        "REM_ACCESS_ERR", "REM_OP_ERR", "RETRY_EXC_ERR", "RNR_RETRY_EXC_ERR", "LOC_RDD_VIOL_ERR",
        "REM_INV_RD_REQ_ERR", "REM_ABORT_ERR", "INV_EECN_ERR", "INV_EEC_STATE_ERR", "FATAL_ERR", "RESP_TIMEOUT_ERR",
        "GENERAL_ERR", "TM_ERR", "TM_RNDV_INCOMPLETE"};

    /** {@code RDMA_CM_EVENT_ESTABLISHED} for 9; {@code RDMA_CM_EVENT_UNKNOWN(99)} otherwise. */
    public static String nameOfCmEvent(int event) {
        return event >= 0 && event < CM_EVENTS.length ? "RDMA_CM_EVENT_" + CM_EVENTS[event]
                : "RDMA_CM_EVENT_UNKNOWN(" + event + ")";
    }

    /** {@code IBV_WC_WR_FLUSH_ERR} for 5; {@code IBV_WC_UNKNOWN(99)} otherwise. */
    public static String nameOfWcStatus(int status) {
        return status >= 0 && status < WC_STATUSES.length ? "IBV_WC_" + WC_STATUSES[status]
                : "IBV_WC_UNKNOWN(" + status + ")";
    }
}
