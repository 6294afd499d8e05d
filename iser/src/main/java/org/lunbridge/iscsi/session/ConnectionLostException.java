package org.lunbridge.iscsi.session;

/**
 * The connection failed (transport error or EOF, digest error, protocol violation, NOP timeout, target drop) while
 * the task was outstanding. At ERL0 the task's outcome at the target is unknown: a write may or may not have
 * happened, so the recovery layer replays it on a new session (RFC 7143 §7.1.1, §6.3.5).
 */
public final class ConnectionLostException extends IscsiSessionException {

    /** Why the connection was declared lost. */
    public enum Reason {
        TRANSPORT_ERROR, DIGEST_ERROR, PROTOCOL_VIOLATION, NOP_TIMEOUT,
        /** A TMF went unanswered: the target is stuck; the kernel escalates to session failure too. */
        TMF_TIMEOUT,
        TARGET_DROPPED, CLOSED
    }

    private final Reason reason;

    public ConnectionLostException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Maps a transport-level failure to our reason. */
    static Reason classify(Throwable e) {
        if (e instanceof org.lunbridge.iscsi.transport.ConnectionLostException t) {
            return switch (t.reason()) {
                case EOF -> Reason.TARGET_DROPPED;
                case RESET -> Reason.TRANSPORT_ERROR;
                case HEADER_DIGEST, DATA_DIGEST -> Reason.DIGEST_ERROR;
                case PROTOCOL_VIOLATION -> Reason.PROTOCOL_VIOLATION;
                case TIMEOUT -> Reason.NOP_TIMEOUT;
                case CLOSED -> Reason.CLOSED;
            };
        }
        if (e instanceof org.lunbridge.iscsi.pdu.DigestException) {
            return Reason.DIGEST_ERROR;
        }
        if (e instanceof org.lunbridge.iscsi.pdu.ProtocolViolationException) {
            return Reason.PROTOCOL_VIOLATION;
        }
        if (e instanceof java.io.EOFException) {
            return Reason.TARGET_DROPPED;
        }
        return Reason.TRANSPORT_ERROR;
    }

    public Reason reason() {
        return reason;
    }
}
