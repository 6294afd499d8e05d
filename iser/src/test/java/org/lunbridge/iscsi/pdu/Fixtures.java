package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Helpers for byte-exact fixtures written row by row from the RFC 7143 §11 diagrams. */
final class Fixtures {
    private Fixtures() {}

    /** Bytes from hex rows such as {@code "01 c1 00 00"}; spaces are ignored. */
    static ByteBuffer hex(String... rows) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(String.join("", rows).replace(" ", ""))).asReadOnlyBuffer();
    }

    static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    static String hexOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The fixture decodes (standard and strict) to {@code expected}, and the encoder writes exactly the fixture.
     */
    static void assertFixture(IscsiPdu expected, ByteBuffer header, ByteBuffer data) throws PduFormatException {
        assertEquals(expected, PduDecoder.decode(header, data));
        assertEquals(expected, PduDecoder.decodeStrict(header, data));
        if (expected instanceof TargetPdu) {
            assertEquals(expected, PduDecoder.decodeTargetPdu(header, data));
        } else {
            assertEquals(expected, PduDecoder.decodeInitiatorPdu(header, data));
        }
        EncodedPdu encoded = PduEncoder.encode(expected);
        assertEquals(hexOf(header), hexOf(encoded.header()));
        assertEquals(hexOf(data), hexOf(encoded.data()));
        assertEquals(0, encoded.header().position());
    }

    static final String ZERO_ROW = "00 00 00 00";
}
