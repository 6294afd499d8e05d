package org.lunbridge.iscsi.pdu;

/**
 * A PDU that cannot be decoded: unknown opcode, bad length, reserved code value, or a field combination the spec
 * forbids. Messages read like {@code DataSegmentLength: 16777216 (expected: <= 262144)}.
 */
public final class PduFormatException extends ProtocolViolationException {
    public PduFormatException(String message) {
        super(message);
    }

    public PduFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
