package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.lunbridge.iscsi.pdu.Fixtures.hexOf;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bit flips, truncation and garbage: only {@link PduFormatException}, never a silent misread. */
class PduRejectionTest {
    private static final long SEED = 0xB17F11BL;

    @Test
    void givenEveryHeaderBitFlipped_whenDecodedStrictly_thenRejectedOrReencodedToTheFlippedBytes() {
        Random random = new Random(SEED);
        int rejected = 0;
        int accepted = 0;
        for (int round = 0; round < 8; round++) {
            for (var generator : RandomPdus.ALL) {
                EncodedPdu e = PduEncoder.encode(generator.apply(random));
                for (int bit = 0; bit < e.header().remaining() * 8; bit++) {
                    ByteBuffer flipped = copy(e.header());
                    flipped.put(bit / 8, (byte) (flipped.get(bit / 8) ^ (0x80 >>> (bit % 8))));
                    IscsiPdu decoded;
                    try {
                        decoded = PduDecoder.decodeStrict(flipped, e.data());
                    } catch (PduFormatException expected) {
                        rejected++;
                        continue;
                    } catch (RuntimeException unexpected) {
                        throw new AssertionError("bit " + bit + " of " + hexOf(flipped) + ": " + unexpected, unexpected);
                    }
                    accepted++;
                    // A flip into another defined value must be read as exactly that value.
                    assertEquals(hexOf(flipped), hexOf(PduEncoder.encode(decoded).header()), "bit " + bit);
                }
            }
        }
        assertTrue(rejected > 0 && accepted > 0, rejected + " rejected, " + accepted + " accepted");
    }

    @Test
    void givenEveryHeaderBitFlipped_whenDecodedLeniently_thenOnlyPduFormatExceptionEscapes() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 6; round++) {
            for (var generator : RandomPdus.ALL) {
                EncodedPdu e = PduEncoder.encode(generator.apply(random));
                for (int bit = 0; bit < e.header().remaining() * 8; bit++) {
                    ByteBuffer flipped = copy(e.header());
                    flipped.put(bit / 8, (byte) (flipped.get(bit / 8) ^ (0x80 >>> (bit % 8))));
                    try {
                        PduDecoder.decode(flipped, e.data());
                    } catch (PduFormatException expected) {
                        // fine
                    } catch (RuntimeException unexpected) {
                        fail("bit " + bit + " of " + hexOf(flipped), unexpected);
                    }
                }
            }
        }
    }

    @Test
    void givenTruncatedHeaderOrData_whenDecoded_thenRejected() {
        Random random = new Random(SEED + 2);
        for (var generator : RandomPdus.ALL) {
            EncodedPdu e = PduEncoder.encode(generator.apply(random));
            for (int length = 0; length < e.header().remaining(); length++) {
                ByteBuffer truncated = e.header().slice(0, length);
                assertThrows(PduFormatException.class, () -> PduDecoder.decode(truncated, e.data()), "" + length);
            }
            ByteBuffer longer = ByteBuffer.allocate(e.data().remaining() + 1);
            assertThrows(PduFormatException.class, () -> PduDecoder.decode(e.header(), longer));
            if (e.data().hasRemaining()) {
                ByteBuffer shorter = e.data().slice(0, e.data().remaining() - 1);
                assertThrows(PduFormatException.class, () -> PduDecoder.decode(e.header(), shorter));
            }
        }
    }

    @Test
    void givenRandomGarbageHeaders_whenDecoded_thenOnlyPduFormatExceptionEscapes() {
        Random random = new Random(SEED + 3);
        int decoded = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] bhs = RandomPdus.bytes(random, IscsiConstants.BHS_LENGTH);
            bhs[4] = 0; // no AHS: otherwise nearly every header is rejected for its length alone
            int dataLength = random.nextInt(8);
            bhs[5] = 0;
            bhs[6] = 0;
            bhs[7] = (byte) dataLength;
            try {
                PduDecoder.decode(ByteBuffer.wrap(bhs), ByteBuffer.wrap(RandomPdus.bytes(random, dataLength)));
                decoded++;
            } catch (PduFormatException expected) {
                // fine
            } catch (RuntimeException unexpected) {
                fail(hexOf(ByteBuffer.wrap(bhs)), unexpected);
            }
        }
        assertTrue(decoded > 0);
    }

    @Test
    void givenUnknownOpcode_whenDecoded_thenRejectedWithItsName() {
        ByteBuffer header = ByteBuffer.allocate(48).put(0, (byte) 0x07);
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> PduDecoder.decode(header, ByteBuffer.allocate(0)));
        assertEquals("opcode: 0x07 (UNKNOWN(0x7)) (expected: an opcode of RFC 7143 §11.2.1.1)", e.getMessage());
    }

    @Test
    void givenPduOfTheWrongDirection_whenDecoded_thenRejected() {
        EncodedPdu nopOut = PduEncoder.encode(NopOut.ping(1, 1, 1, null));
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> PduDecoder.decodeTargetPdu(nopOut.header(), nopOut.data()));
        assertEquals("opcode: 0x00 (NOP-Out) (expected: a target opcode)", e.getMessage());
        EncodedPdu nopIn = PduEncoder.encode(new NopIn(Lun.ZERO, 1, -1, 1, 1, 1, null));
        assertThrows(PduFormatException.class, () -> PduDecoder.decodeInitiatorPdu(nopIn.header(), nopIn.data()));
    }

    @Test
    void givenOversizedDataSegment_whenChecked_thenNettyStyleMessage() {
        ByteBuffer bhs = ByteBuffer.allocate(48).put(0, (byte) 0x25).putInt(4, 0x00ff_ffff);
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> PduDecoder.checkDataSegmentLength(bhs, 262144));
        assertEquals("0x25 (SCSI Data-In): DataSegmentLength: 16777215 (expected: <= 262144)", e.getMessage());
        assertDoesNotThrow(() -> PduDecoder.checkDataSegmentLength(bhs.putInt(4, 262144), 262144));
    }

    // ---- reserved code values and forbidden combinations, one per spec rule --------------------------------------

    @Test
    void givenReservedCodeValues_whenDecoded_thenRejectedNamingTheField() {
        assertRejected("Function: 0", header(0x02, 0x80));
        assertRejected("Function: 9", header(0x02, 0x89));
        assertRejected("CSG: 2", header(0x03, 0x08));
        assertRejected("NSG: 2", header(0x03, 0x82));
        assertRejected("NSG: 0 (expected: 1 or 3 and > CSG 1", header(0x03, 0x84));
        assertRejected("T and C bits both set", header(0x03, 0xc1));
        assertRejected("Status-Class: 4", header(0x23, 0x00).put(36, (byte) 4));
        assertRejected("Response: 2 (expected: 0, 1 or 0x80..0xff", header(0x21, 0x80).put(2, (byte) 2));
        assertRejected("Response: 7 (expected: 0..6 or 255", header(0x22, 0x80).put(2, (byte) 7));
        assertRejected("Response: 4 (expected: 0..3)", header(0x26, 0x80).put(2, (byte) 4));
        assertRejected("Reason Code: 3", header(0x06, 0x83));
        assertRejected("Type: 4", header(0x10, 0x84));
        assertRejected("AsyncEvent: 5", header(0x32, 0x80).putInt(16, -1).put(36, (byte) 5));
        assertRejected("Reason: 13", header(0x3f, 0x80).putInt(16, -1).put(2, (byte) 13).putInt(4, 48));
        assertRejected("ATTR: 5", header(0x01, 0x85));
    }

    @Test
    void givenForbiddenFlagCombinations_whenDecoded_thenRejectedCitingTheSpec() {
        assertRejected("O and U bits both set", header(0x21, 0x86));
        assertRejected("o and u bits both set", header(0x21, 0x98));
        assertRejected("S bit set without F bit", header(0x25, 0x01));
        assertRejected("O or U bit set without S bit", header(0x25, 0x82));
        assertRejected("F and C bits both set", header(0x04, 0xc0));
        assertRejected("F and C bits both set", header(0x24, 0xc0));
        assertRejected("F bit: 0 (expected: 1 without the W bit", header(0x01, 0x40));
        assertRejected("Desired Data Transfer Length: 0", header(0x31, 0x80).putInt(20, 7));
        assertRejected("Target Transfer Tag: 0xffffffff", header(0x31, 0x80).putInt(20, -1).putInt(44, 1));
        assertRejected("Initiator Task Tag: 0x00000000 (expected: 0xffffffff)", header(0x32, 0x80));
        assertRejected("I bit set", header(0x00, 0x80).putInt(16, -1));
        assertRejected("must carry Target Transfer Tag 0xffffffff", header(0x20, 0x80).putInt(16, 1).putInt(20, 2));
        assertRejected("DataSegmentLength: 4 (expected: 0 with Initiator Task Tag 0xffffffff",
                header(0x20, 0x80).putInt(16, -1).putInt(4, 4));
    }

    @Test
    void givenLengthsTheSpecForbids_whenDecoded_thenRejected() {
        assertRejected("DataSegmentLength: 4 (expected: 0)", header(0x31, 0x80).putInt(4, 4), ByteBuffer.allocate(4));
        assertRejected("TotalAHSLength: 1 (expected: 0)", grow(header(0x20, 0x80).put(4, (byte) 1), 4));
        assertRejected("DataSegmentLength: 40 (expected: >= 48", header(0x3f, 0x80).putInt(16, -1).put(2, (byte) 9)
                .putInt(4, 40), ByteBuffer.allocate(40));
        assertRejected("SenseLength: 9 (expected: <= 2)", header(0x21, 0x80).putInt(4, 4),
                ByteBuffer.wrap(new byte[] {0, 9, 1, 2}));
        // SCSI Command AHS: unknown type, wrong bidirectional length, a lone byte of extended CDB is too short.
        assertRejected("AHSType: 3", grow(header(0x01, 0x80).put(4, (byte) 1), 4, 0x00, 0x01, 0x03, 0x00));
        assertRejected("AHSLength: 4 (expected: 5)",
                grow(header(0x01, 0xe0).put(4, (byte) 2), 8, 0x00, 0x04, 0x02, 0x00));
        assertRejected("Extended CDB AHSLength: 1", grow(header(0x01, 0x80).put(4, (byte) 1), 4, 0x00, 0x01, 0x01));
        assertRejected("AHSLength: 9 (expected: <= 5",
                grow(header(0x01, 0x80).put(4, (byte) 2), 8, 0x00, 0x09, 0x01, 0x00));
        assertRejected("Bidirectional Read Expected Data Transfer Length AHS: absent", header(0x01, 0xe0));
    }

    @Test
    void givenReservedBitsSet_whenDecoded_thenIgnoredByDefaultButRejectedStrictly() throws Exception {
        EncodedPdu e = PduEncoder.encode(NopOut.ping(1, 2, 3, null));
        ByteBuffer dirty = copy(e.header()).put(40, (byte) 1);
        assertEquals(NopOut.ping(1, 2, 3, null), PduDecoder.decode(dirty, e.data()));
        PduFormatException strict = assertThrows(PduFormatException.class,
                () -> PduDecoder.decodeStrict(dirty, e.data()));
        assertEquals("0x00 (NOP-Out): reserved bits 0x01 set in byte 40 (expected: 0)", strict.getMessage());
        ByteBuffer noFinal = copy(e.header()).put(1, (byte) 0);
        assertEquals("0x00 (NOP-Out): F bit: 0 (expected: 1)",
                assertThrows(PduFormatException.class, () -> PduDecoder.decodeStrict(noFinal, e.data())).getMessage());
        EncodedPdu login = PduEncoder.encode(RandomPdus.loginRequest(new Random(1)));
        ByteBuffer notImmediate = copy(login.header()).put(0, (byte) 0x03);
        assertThrows(PduFormatException.class, () -> PduDecoder.decodeStrict(notImmediate, login.data()));
        assertEquals(PduDecoder.decode(login.header(), login.data()), PduDecoder.decode(notImmediate, login.data()));
    }

    private static void assertRejected(String messagePart, ByteBuffer header) {
        assertRejected(messagePart, header, ByteBuffer.allocate(PduFraming.dataSegmentLength(header)));
    }

    private static void assertRejected(String messagePart, ByteBuffer header, ByteBuffer data) {
        PduFormatException e = assertThrows(PduFormatException.class, () -> PduDecoder.decode(header, data),
                messagePart);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage() + " should contain: " + messagePart);
    }

    /** A zeroed BHS with opcode and byte 1 set; the caller adds what the case needs. */
    private static ByteBuffer header(int opcode, int byte1) {
        return ByteBuffer.allocate(48).put(0, (byte) opcode).put(1, (byte) byte1);
    }

    /** {@code bhs} followed by {@code extra} bytes, the first few given. */
    private static ByteBuffer grow(ByteBuffer bhs, int extra, int... first) {
        ByteBuffer b = ByteBuffer.allocate(48 + extra).put(bhs.duplicate().clear());
        for (int i = 0; i < first.length; i++) {
            b.put(48 + i, (byte) first[i]);
        }
        return b.clear();
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining()).put(b.duplicate());
        return c.flip();
    }

    private static void assertDoesNotThrow(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }
}
