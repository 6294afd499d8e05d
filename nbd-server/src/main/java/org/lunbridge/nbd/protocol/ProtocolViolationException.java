package org.lunbridge.nbd.protocol;

import java.io.IOException;

/**
 * The peer broke a MUST of proto.md in a way that leaves the byte stream unusable (bad magic, truncated header,
 * unknown client flags): the connection is dropped (a "hard disconnect").
 */
public class ProtocolViolationException extends IOException {
    public ProtocolViolationException(String message) {
        super(message);
    }
}
