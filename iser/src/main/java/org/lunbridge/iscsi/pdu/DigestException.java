package org.lunbridge.iscsi.pdu;

/**
 * RFC 7143 §7.8: a HeaderDigest or DataDigest did not match. A header digest error means the PDU boundaries are
 * lost; a data digest error may be answered with a Reject (reason 0x02) at ERL &gt;= 1, at ERL 0 it ends the
 * connection like any protocol violation.
 */
public final class DigestException extends ProtocolViolationException {
    /** Which digest failed. */
    public enum Kind { HEADER, DATA }

    private final Kind kind;
    private final int expected;
    private final int actual;

    public DigestException(Kind kind, int expected, int actual) {
        super(String.format("%s digest: 0x%08x (expected: 0x%08x)",
                kind == Kind.HEADER ? "Header" : "Data", actual, expected));
        this.kind = kind;
        this.expected = expected;
        this.actual = actual;
    }

    public Kind kind() {
        return kind;
    }

    /** The CRC32C computed over the received bytes. */
    public int expected() {
        return expected;
    }

    /** The CRC32C found on the wire (as a value, i.e. after little-endian decoding). */
    public int actual() {
        return actual;
    }
}
