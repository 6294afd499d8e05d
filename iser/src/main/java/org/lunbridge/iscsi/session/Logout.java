package org.lunbridge.iscsi.session;

import java.util.concurrent.CompletableFuture;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LogoutResponse;

/** The session's one logout (RFC 7143 §11.14, §11.15). Guarded by the session lock. */
final class Logout {

    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private int itt;
    private boolean sent;
    private long deadlineNanos;
    private boolean answered;
    private Exception answerFailure;

    void sent(int itt, long deadlineNanos) {
        this.itt = itt;
        this.sent = true;
        this.deadlineNanos = deadlineNanos;
    }

    boolean isFor(int responseItt) {
        return sent && itt == responseItt;
    }

    boolean timedOut(long nowNanos) {
        return sent && !future.isDone() && nowNanos - deadlineNanos >= 0;
    }

    CompletableFuture<Void> future() {
        return future;
    }

    /**
     * §11.15.1: response 0 closed the session; 1-3 are failures, but the connection goes either way. The future is
     * completed by {@link #connectionGone}, so that it completes after the session is DOWN.
     */
    void onResponse(IscsiSession s, LogoutResponse r) {
        s.tasks.release(itt, this);
        if (r.response() != IscsiConstants.LOGOUT_RESPONSE_CLOSED_SUCCESSFULLY) {
            answerFailure = new SessionClosedException("Logout Response " + r.response() + " from "
                    + s.transport.peer() + " (RFC 7143 §11.15.1)");
        }
        answered = true;
        s.defer(() -> s.connectionLost(ConnectionLostException.Reason.CLOSED, "logged out", null));
    }

    void connectionGone(IscsiSession s, ConnectionLostException lost) {
        if (!answered) {
            s.defer(() -> future.completeExceptionally(lost));
        } else if (answerFailure != null) {
            Exception e = answerFailure;
            s.defer(() -> future.completeExceptionally(e));
        } else {
            s.defer(() -> future.complete(null));
        }
    }
}
