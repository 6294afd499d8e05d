package org.lunbridge.iscsi.session;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.SerialNumbers;
import org.lunbridge.iscsi.pdu.TaskManagementRequest;
import org.lunbridge.iscsi.pdu.TaskManagementResponse;

/**
 * Task management functions (RFC 7143 §11.5, §11.6), one in flight per session as Linux libiscsi does: a second
 * request queues until the first is answered. Tasks the function ended are completed here with
 * {@link TaskAbortedException}, once (the task state machine refuses a second terminal move). Guarded by the
 * session lock.
 */
final class TaskManagement {

    /** One queued or outstanding TMF. */
    static final class Request {
        final int function;
        final Lun lun;
        final ScsiTask referenced;
        final CompletableFuture<Integer> future = new CompletableFuture<>();
        int itt;
        int cmdSn;
        long sentNanos;

        Request(int function, Lun lun, ScsiTask referenced) {
            this.function = function;
            this.lun = lun;
            this.referenced = referenced;
        }
    }

    private final IscsiSession s;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private Request current;

    TaskManagement(IscsiSession session) {
        this.s = session;
    }

    CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        CompletableFuture<Integer> f;
        synchronized (s.lock) {
            ScsiTask target = null;
            for (ScsiTask t : s.tasks.scsiTasks()) {
                if (t.future == command) {
                    target = t;
                }
            }
            if (target == null) {
                // Already completed (or never ours): nothing left to abort at the target.
                return CompletableFuture.completedFuture(IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST);
            }
            f = submit(new Request(IscsiConstants.TMF_ABORT_TASK, target.lun, target));
        }
        s.runDeferred();
        return f;
    }

    CompletableFuture<Integer> lunFunction(int function, Lun lun) {
        if (function == IscsiConstants.TMF_ABORT_TASK || function == IscsiConstants.TMF_TASK_REASSIGN) {
            throw new IllegalArgumentException("function " + function + " needs a referenced task");
        }
        CompletableFuture<Integer> f;
        synchronized (s.lock) {
            f = submit(new Request(function, lun, null));
        }
        s.runDeferred();
        return f;
    }

    private CompletableFuture<Integer> submit(Request r) {
        if (s.state != ConnectionState.UP) {
            r.future.completeExceptionally(new SessionClosedException("session to " + s.transport.peer() + " is "
                    + s.state));
            return r.future;
        }
        queue.add(r);
        if (current == null) {
            sendNext();
        }
        return r.future;
    }

    private void sendNext() {
        while (current == null && !queue.isEmpty()) {
            Request r = queue.poll();
            ScsiTask ref = r.referenced;
            if (ref != null && ref.state.terminal()) {
                s.defer(() -> r.future.complete(IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST));
                continue;
            }
            if (ref != null && ref.state == TaskState.QUEUED) {
                // Never sent, so the target has never seen it: abort locally (§11.5.1 needs a RefCmdSN we lack).
                s.fail(ref, TaskState.ABORTED, aborted(r));
                s.defer(() -> r.future.complete(IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE));
                continue;
            }
            r.itt = s.tasks.allocate(r);
            // §3.2.2.1: TMF requests are immediate; they carry the next CmdSN without taking it.
            r.cmdSn = s.window.peek();
            r.sentNanos = s.nanoClock.getAsLong();
            TaskManagementRequest pdu = ref != null
                    ? TaskManagementRequest.abortTask(ref.lun, r.itt, ref.itt, r.cmdSn, s.expStatSn, ref.cmdSn)
                    : TaskManagementRequest.of(r.function, r.lun, r.itt, r.cmdSn, s.expStatSn);
            current = r;
            s.writer.enqueue(pdu);
            s.stats.tmfRequests.incrementAndGet();
            IscsiSession.LOG.log(System.Logger.Level.WARNING, "task management {0} sent to {1} (lun {2})",
                    r.function, s.transport.peer(), r.lun);
        }
    }

    /** §11.6: the response to the outstanding TMF. Returns false when it matches none (dropped). */
    boolean onResponse(TaskManagementResponse response) {
        Request r = current;
        if (r == null || response.itt() != r.itt) {
            return false;
        }
        s.stats.tmfResponses.incrementAndGet();
        s.tasks.release(r.itt, r);
        current = null;
        int code = response.response();
        boolean done = code == IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE
                || code == IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST && r.referenced != null;
        if (done) {
            abortAffected(r);
            s.defer(() -> r.future.complete(code));
        } else {
            TaskManagementException e = new TaskManagementException(code, "task management function "
                    + r.function + " answered with response " + code + " (RFC 7143 §11.6.1)");
            s.defer(() -> r.future.completeExceptionally(e));
        }
        sendNext();
        return true;
    }

    /** A Reject of the outstanding TMF (§11.17). */
    boolean onReject(int itt, TaskRejectedException e) {
        Request r = current;
        if (r == null || itt != r.itt) {
            return false;
        }
        s.tasks.release(r.itt, r);
        current = null;
        s.defer(() -> r.future.completeExceptionally(e));
        sendNext();
        return true;
    }

    /**
     * §4.2.3 / SAM: the function ended the affected tasks the target had received before it, i.e. those with a
     * CmdSN below the TMF's; later ones (still queued here) are unaffected.
     */
    private void abortAffected(Request r) {
        if (r.referenced != null) {
            s.fail(r.referenced, TaskState.ABORTED, aborted(r));
            return;
        }
        for (ScsiTask t : s.tasks.scsiTasks()) {
            boolean sameLun = r.function == IscsiConstants.TMF_TARGET_WARM_RESET
                    || r.function == IscsiConstants.TMF_TARGET_COLD_RESET || t.lun.equals(r.lun);
            if (sameLun && t.sent && SerialNumbers.lessThan(t.cmdSn, r.cmdSn)) {
                s.fail(t, TaskState.ABORTED, aborted(r));
            }
        }
    }

    private TaskAbortedException aborted(Request r) {
        return new TaskAbortedException(r.function, "task aborted by task management function " + r.function
                + " on " + s.transport.peer());
    }

    boolean timedOut(long nowNanos) {
        return current != null
                && nowNanos - current.sentNanos >= TimeUnit.MILLISECONDS.toNanos(s.config.tmfTimeoutMillis());
    }

    void failAll(ConnectionLostException lost) {
        if (current != null) {
            Request r = current;
            s.defer(() -> r.future.completeExceptionally(lost));
            current = null;
        }
        for (Request r : queue) {
            s.defer(() -> r.future.completeExceptionally(lost));
        }
        queue.clear();
    }
}
