package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestCodecTest {
    private static final Request WRITE = new Request(NBD_CMD_FLAG_FUA, NBD_CMD_WRITE, 0x0102030405060708L,
            0x1000, 512);
    private static final byte[] WRITE_COMPACT = Wire.of().u32(0x25609513).u16(1).u16(1).u64(0x0102030405060708L)
            .u64(0x1000).u32(512).bytes();
    private static final Request TRIM_EXT = new Request(0, NBD_CMD_TRIM, -1L, 1L << 40, 5L << 32);
    private static final byte[] TRIM_EXTENDED = Wire.of().u32(0x21e41c71).u16(0).u16(4).u64(-1L).u64(1L << 40)
            .u64(5L << 32).bytes();

    @Test
    void givenCompactWrite_whenEncodedAndDecoded_thenSpecBytes() throws Exception {
        assertArrayEquals(WRITE_COMPACT, Wire.array(RequestCodec.encode(WRITE, false)));
        assertEquals(WRITE, RequestCodec.decode(ByteBuffer.wrap(WRITE_COMPACT), false));
        assertEquals(512, WRITE.payloadBytes(false));
    }

    @Test
    void givenExtendedTrimWith64BitLength_whenEncodedAndDecoded_thenSpecBytes() throws Exception {
        assertArrayEquals(TRIM_EXTENDED, Wire.array(RequestCodec.encode(TRIM_EXT, true)));
        assertEquals(TRIM_EXT, RequestCodec.decode(ByteBuffer.wrap(TRIM_EXTENDED), true));
        assertEquals(0, TRIM_EXT.payloadBytes(true));
    }

    @Test
    void givenCompactLengthAbove2To31_whenDecoded_thenUnsigned() throws Exception {
        byte[] wire = Wire.of().u32(0x25609513).u16(0).u16(0).u64(1).u64(0).u32(0xfffffe00L).bytes();
        assertEquals(0xfffffe00L, RequestCodec.decode(ByteBuffer.wrap(wire), false).length());
    }

    @Test
    void givenExtendedPayloadLenFlag_whenPayloadAsked_thenLengthIsPayload() {
        Request write = new Request(NBD_CMD_FLAG_PAYLOAD_LEN, NBD_CMD_WRITE, 1, 0, 4096);
        assertEquals(4096, write.payloadBytes(true));
        Request writeNoFlag = new Request(0, NBD_CMD_WRITE, 1, 0, 4096);
        assertEquals(0, writeNoFlag.payloadBytes(true));
        Request compactWithFlag = new Request(NBD_CMD_FLAG_PAYLOAD_LEN, NBD_CMD_READ, 1, 0, 4096);
        assertEquals(0, compactWithFlag.payloadBytes(false));
    }

    @Test
    void givenExtendedMagicInCompactMode_whenDecoded_thenViolation() {
        byte[] wire = Wire.of().u32(0x21e41c71).u16(0).u16(0).u64(1).u64(0).u32(0).bytes();
        assertThrows(ProtocolViolationException.class, () -> RequestCodec.decode(ByteBuffer.wrap(wire), false));
    }

    @Test
    void givenCompactMagicInExtendedMode_whenDecoded_thenViolation() {
        byte[] wire = Wire.of().u32(0x25609513).u16(0).u16(0).u64(1).u64(0).u64(0).bytes();
        assertThrows(ProtocolViolationException.class, () -> RequestCodec.decode(ByteBuffer.wrap(wire), true));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 15, 24, 31})
    void givenMagicBitFlipped_whenDecoded_thenViolation(int bit) {
        byte[] wire = WRITE_COMPACT.clone();
        wire[3 - bit / 8] ^= (byte) (1 << (bit % 8));
        assertThrows(ProtocolViolationException.class, () -> RequestCodec.decode(ByteBuffer.wrap(wire), false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 27})
    void givenTruncatedCompactHeader_whenDecoded_thenViolation(int length) {
        ByteBuffer b = ByteBuffer.wrap(WRITE_COMPACT, 0, length);
        assertThrows(ProtocolViolationException.class, () -> RequestCodec.decode(b, false));
    }

    @Test
    void givenTruncatedExtendedHeader_whenDecoded_thenViolation() {
        ByteBuffer b = ByteBuffer.wrap(TRIM_EXTENDED, 0, 31);
        assertThrows(ProtocolViolationException.class, () -> RequestCodec.decode(b, true));
    }

    @Test
    void givenLengthOver32Bits_whenEncodedCompact_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> RequestCodec.encode(TRIM_EXT, false));
    }

    @Test
    void givenRandomRequests_whenRoundTripped_thenEqualInBothModes() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            boolean extended = random.nextBoolean();
            long length = extended ? random.nextLong() : random.nextLong() & 0xffffffffL;
            Request r = new Request(random.nextInt(0x10000), random.nextInt(0x10000), random.nextLong(),
                    random.nextLong(), length);
            assertEquals(r, RequestCodec.decode(RequestCodec.encode(r, extended), extended));
        }
    }

    @Test
    void givenBitFlipOutsideMagic_whenDecoded_thenExactlyThatFieldChanges() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            byte[] wire = WRITE_COMPACT.clone();
            int bit = 32 + random.nextInt(wire.length * 8 - 32);
            wire[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            Request decoded = RequestCodec.decode(ByteBuffer.wrap(wire), false);
            byte[] reencoded = Wire.array(RequestCodec.encode(decoded, false));
            assertArrayEquals(wire, reencoded);
        }
    }
}
