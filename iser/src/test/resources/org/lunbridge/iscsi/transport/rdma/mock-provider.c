/* A fake rdma-core provider for InlineVerbsTest: functions with the exact ibv_context_ops signatures, installed
 * into a caller-allocated struct ibv_context. They read the work requests through the real header structs, so
 * the Java side's offsets and the jffi dispatch through context->ops are checked end to end without a device. */
#include <stdio.h>
#include <string.h>
#include <infiniband/verbs.h>

static char last[1024];

static int mock_post_send(struct ibv_qp *qp, struct ibv_send_wr *wr, struct ibv_send_wr **bad) {
    int n = snprintf(last, sizeof last, "send qp_num=%u wr_id=%llu opcode=%d flags=%u num_sge=%d next=%p",
                     qp->qp_num, (unsigned long long) wr->wr_id, wr->opcode, wr->send_flags, wr->num_sge,
                     (void *) wr->next);
    for (int i = 0; i < wr->num_sge; i++) {
        n += snprintf(last + n, sizeof last - n, " sge%d=%llx/%u/%x", i, (unsigned long long) wr->sg_list[i].addr,
                      wr->sg_list[i].length, wr->sg_list[i].lkey);
    }
    if (wr->opcode != IBV_WR_SEND) {
        *bad = wr;
        return 22;
    }
    return 0;
}

static int mock_post_recv(struct ibv_qp *qp, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad) {
    snprintf(last, sizeof last, "recv qp_num=%u wr_id=%llu num_sge=%d sge0=%llx/%u/%x", qp->qp_num,
             (unsigned long long) wr->wr_id, wr->num_sge, (unsigned long long) wr->sg_list[0].addr,
             wr->sg_list[0].length, wr->sg_list[0].lkey);
    return 0;
}

static int mock_poll_cq(struct ibv_cq *cq, int n, struct ibv_wc *wc) {
    int count = n < 2 ? n : 2;
    for (int i = 0; i < count; i++) {
        memset(&wc[i], 0, sizeof wc[i]);
        wc[i].wr_id = 1000 + i;
        wc[i].status = i == 0 ? IBV_WC_SUCCESS : IBV_WC_WR_FLUSH_ERR;
        wc[i].opcode = i == 0 ? IBV_WC_RECV : IBV_WC_SEND;
        wc[i].byte_len = 76 + i;
        wc[i].vendor_err = 0xd7 * i;
        wc[i].qp_num = 0x1234;
    }
    snprintf(last, sizeof last, "poll cqe=%d n=%d", cq->cqe, n);
    return count;
}

static int mock_req_notify_cq(struct ibv_cq *cq, int solicited_only) {
    snprintf(last, sizeof last, "notify cqe=%d solicited=%d", cq->cqe, solicited_only);
    return 0;
}

void mock_install(struct ibv_context *ctx) {
    memset(ctx, 0, sizeof *ctx);
    ctx->ops.post_send = mock_post_send;
    ctx->ops.post_recv = mock_post_recv;
    ctx->ops.poll_cq = mock_poll_cq;
    ctx->ops.req_notify_cq = mock_req_notify_cq;
}

const char *mock_last(void) {
    return last;
}
