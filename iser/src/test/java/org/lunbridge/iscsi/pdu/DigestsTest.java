package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CRC32C examples of RFC 7143 Appendix B.4 (= RFC 3720 B.4), given there as the bytes on the wire. The captured
 * HeaderDigests of tgtd and libiscsi are checked in {@link PduCaptureTest}.
 */
class DigestsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "32 bytes of zeroes, 00, 00, aa36918a",
        "32 bytes of ones, ff, 00, 43aba862",
        "32 bytes incrementing 00..1f, 00, 01, 4e79dd46",
        "32 bytes decrementing 1f..00, 1f, ff, 5cdb3f11",
    })
    void givenRfcExample_whenDigested_thenWireBytesMatch(String name, String first, String step, String wire) {
        byte[] data = new byte[32];
        int start = Integer.parseInt(first, 16);
        int delta = (byte) Integer.parseInt(step, 16);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (start + i * delta);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int digest = Digests.headerDigest(buffer);
        assertEquals(wire, HexFormat.of().formatHex(Digests.toWire(digest).array()), name);
        assertEquals(digest, Digests.read(ByteBuffer.wrap(HexFormat.of().parseHex(wire)), 0));
        assertEquals(0, buffer.position(), "the digested buffer must not move");
    }

    @Test
    void givenDataNotMultipleOf4_whenDataDigested_thenZeroPaddingIsIncluded() {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        ByteBuffer padded = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 0, 0, 0});
        assertEquals(Digests.headerDigest(padded), Digests.dataDigest(data));
        assertEquals(Digests.crc32c(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3, 4, 5, 0, 0, 0})),
                Digests.dataDigest(data));
    }

    @Test
    void givenNonZeroPaddingOnTheWire_whenVerifiedWithReceivedPadding_thenAccepted() throws Exception {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        ByteBuffer padding = ByteBuffer.wrap(new byte[] {(byte) 0xee, 0, 0});
        ByteBuffer digest = Digests.toWire(Digests.crc32c(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, (byte) 0xee, 0, 0})));
        Digests.verifyData(data, padding, digest);
        assertThrows(DigestException.class, () -> Digests.verifyData(data, digest));
        assertEquals(0, padding.position());
    }

    @Test
    void givenCorrectDigests_whenVerified_thenNothingThrown() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(48).put(0, (byte) 0x20);
        Digests.verifyHeader(header, Digests.toWire(Digests.headerDigest(header)));
        ByteBuffer data = ByteBuffer.wrap(new byte[] {7, 7, 7});
        ByteBuffer wire = ByteBuffer.allocate(8).position(4);
        Digests.write(wire, Digests.dataDigest(data));
        Digests.verifyData(data, wire.flip().position(4));
    }

    @Test
    void givenBigEndianDigest_whenVerified_thenHeaderDigestExceptionNamesBothValues() {
        ByteBuffer header = ByteBuffer.allocate(32);
        ByteBuffer bigEndian = ByteBuffer.allocate(4).putInt(0, Digests.headerDigest(header));
        DigestException e = assertThrows(DigestException.class, () -> Digests.verifyHeader(header, bigEndian));
        assertEquals(DigestException.Kind.HEADER, e.kind());
        assertEquals(0x8a9136aa, e.expected());
        assertEquals(0xaa36918a, e.actual());
        assertEquals("Header digest: 0xaa36918a (expected: 0x8a9136aa)", e.getMessage());
    }

    @Test
    void givenCorruptedData_whenVerified_thenDataDigestException() {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        ByteBuffer digest = Digests.toWire(Digests.dataDigest(data));
        data.put(2, (byte) 0x13);
        DigestException e = assertThrows(DigestException.class, () -> Digests.verifyData(data, digest));
        assertEquals(DigestException.Kind.DATA, e.kind());
    }

    @Test
    void givenDigest_whenWritten_thenLittleEndianAtPositionAndAdvanced() {
        ByteBuffer out = ByteBuffer.allocate(6).position(1);
        Digests.write(out, 0x11223344);
        assertEquals(5, out.position());
        assertArrayEquals(new byte[] {0, 0x44, 0x33, 0x22, 0x11, 0}, out.array());
    }
}
