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

    /** §11.15.1: response 0 closed the session; 1-3 are failures, but the connection goes either way. */
    void onResponse(IscsiSession s, LogoutResponse r) {
        s.tasks.release(itt, this);
        if (r.response() == IscsiConstants.LOGOUT_RESPONSE_CLOSED_SUCCESSFULLY) {
            s.defer(() -> future.complete(null));
        } else {
            Exception e = new SessionClosedException("Logout Response " + r.response() + " from "
                    + s.transport.peer() + " (RFC 7143 §11.15.1)");
            s.defer(() -> future.completeExceptionally(e));
        }
        s.defer(() -> s.connectionLost(ConnectionLostException.Reason.CLOSED, "logged out", null));
    }

    void connectionGone(IscsiSession s, boolean loggingOut, ConnectionLostException lost) {
        s.defer(() -> future.completeExceptionally(lost));
    }
}
