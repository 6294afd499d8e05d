package org.lunbridge.iscsi.transport;

import java.io.IOException;
import java.util.Objects;

/**
 * The connection is gone and every later send/receive fails; the session layer decides on recovery (RFC 7143
 * §7.1.4.2 connection recovery, §6.1.5 at ErrorRecoveryLevel 0: the whole session). Carries why, so recovery
 * and logs can tell a target restart from a corrupt link.
 */
public final class ConnectionLostException extends IOException {
    /** Why the connection was lost. */
    public enum Reason {
        /** The target closed the connection (orderly FIN), at a PDU boundary or mid-PDU. */
        EOF("connection closed by peer"),
        /** Reset, broken pipe or another socket error. */
        RESET("connection reset or socket error"),
        /** §13.1: HeaderDigest mismatch; PDU boundaries are lost, so the connection must go (§7.8). */
        HEADER_DIGEST("header digest error"),
        /** §13.1: DataDigest mismatch; at ERL 0 this ends the connection (§7.8). */
        DATA_DIGEST("data digest error"),
        /** A PDU that breaks RFC 7143 framing or format, e.g. a DataSegmentLength over the negotiated limit. */
        PROTOCOL_VIOLATION("protocol violation"),
        /** The session layer timed out (NOP-Out unanswered, task timeout) and called {@code fail}. */
        TIMEOUT("timeout"),
        /** Closed by this side ({@code close()}). */
        CLOSED("closed locally");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public ConnectionLostException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").description() + ": " + message, cause);
        this.reason = reason;
    }

    public ConnectionLostException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
