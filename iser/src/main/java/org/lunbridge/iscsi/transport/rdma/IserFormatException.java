package org.lunbridge.iscsi.transport.rdma;

import org.lunbridge.iscsi.pdu.ProtocolViolationException;

/** A received iSER message breaks RFC 7145 framing; the connection must go. */
public final class IserFormatException extends ProtocolViolationException {
    public IserFormatException(String message) {
        super(message);
    }
}
