/* Prints NAME=value for every constant of VerbsLayout and VerbsConstants, from the installed rdma-core and libc
 * headers. Compiled and run by VerbsLayoutTest; keep the names identical to the Java constants. */
#include <stddef.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <infiniband/verbs.h>
#include <rdma/rdma_cma.h>

#define P(name, value) printf("%s=%ld\n", name, (long) (value))
#define O(name, type, member) P(name, offsetof(type, member))
#define S(name, type) P(name, sizeof(type))

int main(void) {
    S("SIZEOF_IBV_SGE", struct ibv_sge);
    O("IBV_SGE_ADDR", struct ibv_sge, addr);
    O("IBV_SGE_LENGTH", struct ibv_sge, length);
    O("IBV_SGE_LKEY", struct ibv_sge, lkey);

    S("SIZEOF_IBV_SEND_WR", struct ibv_send_wr);
    O("IBV_SEND_WR_WR_ID", struct ibv_send_wr, wr_id);
    O("IBV_SEND_WR_NEXT", struct ibv_send_wr, next);
    O("IBV_SEND_WR_SG_LIST", struct ibv_send_wr, sg_list);
    O("IBV_SEND_WR_NUM_SGE", struct ibv_send_wr, num_sge);
    O("IBV_SEND_WR_OPCODE", struct ibv_send_wr, opcode);
    O("IBV_SEND_WR_SEND_FLAGS", struct ibv_send_wr, send_flags);
    O("IBV_SEND_WR_IMM_DATA", struct ibv_send_wr, imm_data);
    O("IBV_SEND_WR_RDMA_REMOTE_ADDR", struct ibv_send_wr, wr.rdma.remote_addr);
    O("IBV_SEND_WR_RDMA_RKEY", struct ibv_send_wr, wr.rdma.rkey);

    S("SIZEOF_IBV_RECV_WR", struct ibv_recv_wr);
    O("IBV_RECV_WR_WR_ID", struct ibv_recv_wr, wr_id);
    O("IBV_RECV_WR_NEXT", struct ibv_recv_wr, next);
    O("IBV_RECV_WR_SG_LIST", struct ibv_recv_wr, sg_list);
    O("IBV_RECV_WR_NUM_SGE", struct ibv_recv_wr, num_sge);

    S("SIZEOF_IBV_WC", struct ibv_wc);
    O("IBV_WC_WR_ID", struct ibv_wc, wr_id);
    O("IBV_WC_STATUS", struct ibv_wc, status);
    O("IBV_WC_OPCODE", struct ibv_wc, opcode);
    O("IBV_WC_VENDOR_ERR", struct ibv_wc, vendor_err);
    O("IBV_WC_BYTE_LEN", struct ibv_wc, byte_len);
    O("IBV_WC_QP_NUM", struct ibv_wc, qp_num);
    O("IBV_WC_WC_FLAGS", struct ibv_wc, wc_flags);

    O("IBV_MR_ADDR", struct ibv_mr, addr);
    O("IBV_MR_LENGTH", struct ibv_mr, length);
    O("IBV_MR_LKEY", struct ibv_mr, lkey);
    O("IBV_MR_RKEY", struct ibv_mr, rkey);

    S("SIZEOF_IBV_QP_INIT_ATTR", struct ibv_qp_init_attr);
    O("IBV_QP_INIT_ATTR_SEND_CQ", struct ibv_qp_init_attr, send_cq);
    O("IBV_QP_INIT_ATTR_RECV_CQ", struct ibv_qp_init_attr, recv_cq);
    O("IBV_QP_INIT_ATTR_CAP_MAX_SEND_WR", struct ibv_qp_init_attr, cap.max_send_wr);
    O("IBV_QP_INIT_ATTR_CAP_MAX_RECV_WR", struct ibv_qp_init_attr, cap.max_recv_wr);
    O("IBV_QP_INIT_ATTR_CAP_MAX_SEND_SGE", struct ibv_qp_init_attr, cap.max_send_sge);
    O("IBV_QP_INIT_ATTR_CAP_MAX_RECV_SGE", struct ibv_qp_init_attr, cap.max_recv_sge);
    O("IBV_QP_INIT_ATTR_QP_TYPE", struct ibv_qp_init_attr, qp_type);
    O("IBV_QP_INIT_ATTR_SQ_SIG_ALL", struct ibv_qp_init_attr, sq_sig_all);

    O("IBV_QP_CONTEXT", struct ibv_qp, context);
    O("IBV_QP_QP_NUM", struct ibv_qp, qp_num);
    O("IBV_CQ_CONTEXT", struct ibv_cq, context);
    O("IBV_CQ_CQE", struct ibv_cq, cqe);
    O("IBV_COMP_CHANNEL_FD", struct ibv_comp_channel, fd);

    O("IBV_CONTEXT_OPS_POLL_CQ", struct ibv_context, ops.poll_cq);
    O("IBV_CONTEXT_OPS_REQ_NOTIFY_CQ", struct ibv_context, ops.req_notify_cq);
    O("IBV_CONTEXT_OPS_POST_SEND", struct ibv_context, ops.post_send);
    O("IBV_CONTEXT_OPS_POST_RECV", struct ibv_context, ops.post_recv);

    S("SIZEOF_RDMA_CONN_PARAM", struct rdma_conn_param);
    O("RDMA_CONN_PARAM_PRIVATE_DATA", struct rdma_conn_param, private_data);
    O("RDMA_CONN_PARAM_PRIVATE_DATA_LEN", struct rdma_conn_param, private_data_len);
    O("RDMA_CONN_PARAM_RESPONDER_RESOURCES", struct rdma_conn_param, responder_resources);
    O("RDMA_CONN_PARAM_INITIATOR_DEPTH", struct rdma_conn_param, initiator_depth);
    O("RDMA_CONN_PARAM_FLOW_CONTROL", struct rdma_conn_param, flow_control);
    O("RDMA_CONN_PARAM_RETRY_COUNT", struct rdma_conn_param, retry_count);
    O("RDMA_CONN_PARAM_RNR_RETRY_COUNT", struct rdma_conn_param, rnr_retry_count);

    O("RDMA_CM_EVENT_ID", struct rdma_cm_event, id);
    O("RDMA_CM_EVENT_EVENT", struct rdma_cm_event, event);
    O("RDMA_CM_EVENT_STATUS", struct rdma_cm_event, status);
    O("RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA", struct rdma_cm_event, param.conn.private_data);
    O("RDMA_CM_EVENT_PARAM_CONN_PRIVATE_DATA_LEN", struct rdma_cm_event, param.conn.private_data_len);

    O("RDMA_CM_ID_VERBS", struct rdma_cm_id, verbs);
    O("RDMA_CM_ID_QP", struct rdma_cm_id, qp);
    O("RDMA_EVENT_CHANNEL_FD", struct rdma_event_channel, fd);

    S("SIZEOF_SOCKADDR_IN", struct sockaddr_in);
    O("SOCKADDR_IN_PORT", struct sockaddr_in, sin_port);
    O("SOCKADDR_IN_ADDR", struct sockaddr_in, sin_addr);
    S("SIZEOF_SOCKADDR_IN6", struct sockaddr_in6);
    O("SOCKADDR_IN6_PORT", struct sockaddr_in6, sin6_port);
    O("SOCKADDR_IN6_ADDR", struct sockaddr_in6, sin6_addr);
    O("SOCKADDR_IN6_SCOPE_ID", struct sockaddr_in6, sin6_scope_id);

    S("SIZEOF_POLLFD", struct pollfd);
    O("POLLFD_FD", struct pollfd, fd);
    O("POLLFD_EVENTS", struct pollfd, events);
    O("POLLFD_REVENTS", struct pollfd, revents);

    /* VerbsConstants */
    P("IBV_WR_SEND", IBV_WR_SEND);
    P("IBV_SEND_SIGNALED", IBV_SEND_SIGNALED);
    P("IBV_WC_SEND", IBV_WC_SEND);
    P("IBV_WC_RECV", IBV_WC_RECV);
    P("IBV_WC_SUCCESS", IBV_WC_SUCCESS);
    P("IBV_WC_LOC_LEN_ERR", IBV_WC_LOC_LEN_ERR);
    P("IBV_WC_LOC_PROT_ERR", IBV_WC_LOC_PROT_ERR);
    P("IBV_WC_WR_FLUSH_ERR", IBV_WC_WR_FLUSH_ERR);
    P("IBV_WC_REM_ACCESS_ERR", IBV_WC_REM_ACCESS_ERR);
    P("IBV_WC_RETRY_EXC_ERR", IBV_WC_RETRY_EXC_ERR);
    P("IBV_ACCESS_LOCAL_WRITE", IBV_ACCESS_LOCAL_WRITE);
    P("IBV_ACCESS_REMOTE_WRITE", IBV_ACCESS_REMOTE_WRITE);
    P("IBV_ACCESS_REMOTE_READ", IBV_ACCESS_REMOTE_READ);
    P("IBV_QPT_RC", IBV_QPT_RC);
    P("RDMA_PS_TCP", RDMA_PS_TCP);
    P("RDMA_CM_EVENT_ADDR_RESOLVED", RDMA_CM_EVENT_ADDR_RESOLVED);
    P("RDMA_CM_EVENT_ADDR_ERROR", RDMA_CM_EVENT_ADDR_ERROR);
    P("RDMA_CM_EVENT_ROUTE_RESOLVED", RDMA_CM_EVENT_ROUTE_RESOLVED);
    P("RDMA_CM_EVENT_ROUTE_ERROR", RDMA_CM_EVENT_ROUTE_ERROR);
    P("RDMA_CM_EVENT_CONNECT_REQUEST", RDMA_CM_EVENT_CONNECT_REQUEST);
    P("RDMA_CM_EVENT_CONNECT_RESPONSE", RDMA_CM_EVENT_CONNECT_RESPONSE);
    P("RDMA_CM_EVENT_CONNECT_ERROR", RDMA_CM_EVENT_CONNECT_ERROR);
    P("RDMA_CM_EVENT_UNREACHABLE", RDMA_CM_EVENT_UNREACHABLE);
    P("RDMA_CM_EVENT_REJECTED", RDMA_CM_EVENT_REJECTED);
    P("RDMA_CM_EVENT_ESTABLISHED", RDMA_CM_EVENT_ESTABLISHED);
    P("RDMA_CM_EVENT_DISCONNECTED", RDMA_CM_EVENT_DISCONNECTED);
    P("RDMA_CM_EVENT_DEVICE_REMOVAL", RDMA_CM_EVENT_DEVICE_REMOVAL);
    P("RDMA_CM_EVENT_MULTICAST_JOIN", RDMA_CM_EVENT_MULTICAST_JOIN);
    P("RDMA_CM_EVENT_MULTICAST_ERROR", RDMA_CM_EVENT_MULTICAST_ERROR);
    P("RDMA_CM_EVENT_ADDR_CHANGE", RDMA_CM_EVENT_ADDR_CHANGE);
    P("RDMA_CM_EVENT_TIMEWAIT_EXIT", RDMA_CM_EVENT_TIMEWAIT_EXIT);
    P("AF_INET", AF_INET);
    P("AF_INET6", AF_INET6);
    P("POLLIN", POLLIN);
    P("F_GETFL", F_GETFL);
    P("F_SETFL", F_SETFL);
    P("O_NONBLOCK", O_NONBLOCK);
    P("EAGAIN", EAGAIN);
    P("ENOMEM", ENOMEM);
    P("ENODEV", ENODEV);
    P("EINVAL", EINVAL);
    return 0;
}
