package org.lunbridge.iscsi.pdu;

import java.io.IOException;

/**
 * The peer broke RFC 7143: the connection cannot continue (§7.7 format errors; at ErrorRecoveryLevel 0 the initiator
 * drops the connection). An {@link IOException} so that transports can treat it like a broken socket.
 */
public class ProtocolViolationException extends IOException {
    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
