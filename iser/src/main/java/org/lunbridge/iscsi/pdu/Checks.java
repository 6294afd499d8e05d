package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/** Constructor checks for PDU records; messages read {@code name: value (expected: ...)}. */
final class Checks {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private Checks() {}

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    static int unsigned8(String name, int value) {
        return range(name, value, 0, 0xff);
    }

    static int unsigned16(String name, int value) {
        return range(name, value, 0, 0xffff);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static <T> T nonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: non-null)");
        }
        return value;
    }

    /**
     * A read-only view of the remaining bytes of {@code data} (not a copy); null means empty. The segment must fit
     * the 24-bit DataSegmentLength (RFC 7143 §11.2.1.5).
     */
    static ByteBuffer segment(ByteBuffer data) {
        if (data == null || !data.hasRemaining()) {
            return EMPTY;
        }
        if (data.remaining() > IscsiConstants.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("DataSegmentLength: " + data.remaining()
                    + " (expected: <= " + IscsiConstants.MAX_DATA_SEGMENT_LENGTH + ")");
        }
        return data.slice().asReadOnlyBuffer();
    }

    static void noData(String name, ByteBuffer data) {
        check(!data.hasRemaining(), "DataSegmentLength: " + data.remaining() + " (expected: 0 in " + name + ")");
    }

    /** SenseLength (2 bytes) must fit the segment: RFC 7143 §11.4.7. */
    static void senseFits(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        check(data.remaining() >= 2, "DataSegmentLength: " + data.remaining() + " (expected: 0 or >= 2 for SenseLength)");
        int senseLength = data.getShort(data.position()) & 0xffff;
        check(senseLength <= data.remaining() - 2,
                "SenseLength: " + senseLength + " (expected: <= " + (data.remaining() - 2) + ")");
    }

    static ByteBuffer sense(ByteBuffer data) {
        if (data.remaining() < 2) {
            return EMPTY;
        }
        int senseLength = data.getShort(data.position()) & 0xffff;
        return data.slice(data.position() + 2, senseLength).asReadOnlyBuffer();
    }

    /** Stage rules shared by Login Request and Response. */
    static void loginStages(boolean transit, boolean cont, int csg, int nsg) {
        // §11.12.2: T and C MUST NOT both be 1.
        check(!(transit && cont), "T and C bits both set (RFC 7143 §11.12.2)");
        // §11.12.3: stage 2 is reserved; FullFeaturePhase is never a current login stage.
        range("CSG", csg, IscsiConstants.STAGE_SECURITY_NEGOTIATION,
                IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION);
        range("NSG", nsg, 0, IscsiConstants.STAGE_FULL_FEATURE_PHASE);
        if (transit) {
            // §11.12.3: a transit goes to a later stage; NSG 2 is reserved.
            check(nsg > csg && nsg != 2,
                    "NSG: " + nsg + " (expected: 1 or 3 and > CSG " + csg + " when T is set, RFC 7143 §11.12.3)");
        }
    }
}
