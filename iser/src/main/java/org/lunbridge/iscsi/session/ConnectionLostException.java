package org.lunbridge.iscsi.session;

/**
 * The connection failed (transport error or EOF, digest error, protocol violation, NOP timeout, target drop) while
 * the task was outstanding. At ERL0 the task's outcome at the target is unknown: a write may or may not have
 * happened, so the recovery layer replays it on a new session (RFC 7143 §7.1.1, §6.3.5).
 */
public final class ConnectionLostException extends IscsiSessionException {

    /** Why the connection was declared lost. */
    public enum Reason { TRANSPORT_ERROR, DIGEST_ERROR, PROTOCOL_VIOLATION, NOP_TIMEOUT, TARGET_DROPPED, CLOSED }

    private final Reason reason;

    public ConnectionLostException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
