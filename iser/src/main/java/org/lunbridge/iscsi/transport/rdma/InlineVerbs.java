package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsLayout.*;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallContextCache;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * The four static-inline data-path verbs of verbs.h, done the way the inline bodies do them:
 * {@code obj->context->ops.X(obj, ...)}. rdma-core exports no symbol for them (jnr-ffi cannot call a function
 * pointer, jnr-ffi issue #31), so the pointer is read from the provider's ops table and called through jffi's
 * {@link Invoker}. All-integer signatures take jffi's fast path on x86_64; errno is not saved because these ops
 * return the errno value (or a count) directly.
 */
final class InlineVerbs {
    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final Invoker INVOKER = Invoker.getInstance();
    /** {@code int (*)(void *, void *, void *)}: post_send, post_recv. */
    private static final CallContext PTR_PTR_PTR = CallContextCache.getInstance().getCallContext(Type.SINT,
            new Type[] {Type.POINTER, Type.POINTER, Type.POINTER}, CallingConvention.DEFAULT, false);
    /** {@code int (*)(struct ibv_cq *, int, struct ibv_wc *)}: poll_cq. */
    private static final CallContext PTR_INT_PTR = CallContextCache.getInstance().getCallContext(Type.SINT,
            new Type[] {Type.POINTER, Type.SINT, Type.POINTER}, CallingConvention.DEFAULT, false);
    /** {@code int (*)(struct ibv_cq *, int)}: req_notify_cq. */
    private static final CallContext PTR_INT = CallContextCache.getInstance().getCallContext(Type.SINT,
            new Type[] {Type.POINTER, Type.SINT}, CallingConvention.DEFAULT, false);

    private InlineVerbs() {}

    /** {@code ibv_post_send(qp, wr, bad_wr)}: 0 or an errno; {@code *bad_wr} names the first WR not posted. */
    static int postSend(long qp, long wr, long badWr) {
        return (int) INVOKER.invokeN3(PTR_PTR_PTR, op(qp, IBV_QP_CONTEXT, IBV_CONTEXT_OPS_POST_SEND), qp, wr, badWr);
    }

    /** {@code ibv_post_recv(qp, wr, bad_wr)}. */
    static int postRecv(long qp, long wr, long badWr) {
        return (int) INVOKER.invokeN3(PTR_PTR_PTR, op(qp, IBV_QP_CONTEXT, IBV_CONTEXT_OPS_POST_RECV), qp, wr, badWr);
    }

    /** {@code ibv_poll_cq(cq, n, wc)}: number of completions written, or negative on error. */
    static int pollCq(long cq, int entries, long wcArray) {
        return (int) INVOKER.invokeN3(PTR_INT_PTR, op(cq, IBV_CQ_CONTEXT, IBV_CONTEXT_OPS_POLL_CQ), cq, entries,
                wcArray);
    }

    /** {@code ibv_req_notify_cq(cq, solicited_only)}. */
    static int reqNotifyCq(long cq, boolean solicitedOnly) {
        return (int) INVOKER.invokeN2(PTR_INT, op(cq, IBV_CQ_CONTEXT, IBV_CONTEXT_OPS_REQ_NOTIFY_CQ), cq,
                solicitedOnly ? 1 : 0);
    }

    /** The function pointer {@code ((struct ibv_context *) *(obj + contextOffset))->ops slot}. */
    static long op(long object, int contextOffset, int slotOffset) {
        long context = IO.getAddress(object + contextOffset);
        return IO.getAddress(context + slotOffset);
    }
}
