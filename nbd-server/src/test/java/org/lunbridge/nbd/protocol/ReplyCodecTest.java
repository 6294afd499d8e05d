package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyCodecTest {
    private static final long COOKIE = 0xcafebabe12345678L;
    private static final long OFFSET = 0x10000;

    private static Wire structured(int flags, int type, int length) {
        return Wire.of().u32(0x668e33ef).u16(flags).u16(type).u64(COOKIE).u32(length);
    }

    private static Wire extended(int flags, int type, long length) {
        return Wire.of().u32(0x6e8a278c).u16(flags).u16(type).u64(COOKIE).u64(OFFSET).u64(length);
    }

    @Test
    void givenSimpleReply_whenEncoded_thenSpecBytes() {
        byte[] expected = Wire.of().u32(0x67446698).u32(22).u64(COOKIE).bytes();
        assertArrayEquals(expected, Wire.array(ReplyCodec.encodeSimple(22, COOKIE)));
    }

    /** Each chunk in structured (20-byte) and extended (32-byte) form (proto.md "Structured reply types"). */
    static Stream<Arguments> chunks() {
        byte[] data = {1, 2, 3};
        var status = List.of(new BlockDescriptor(4096, 3), new BlockDescriptor(8192, 0));
        return Stream.of(
                Arguments.of(false, 1, new ReplyChunk.None(), structured(1, 0, 0).bytes()),
                Arguments.of(true, 1, new ReplyChunk.None(), extended(1, 0, 0).bytes()),
                Arguments.of(false, 0, new ReplyChunk.OffsetData(0x20000, ByteBuffer.wrap(data)),
                        structured(0, 1, 11).u64(0x20000).raw(data).bytes()),
                Arguments.of(true, 1, new ReplyChunk.OffsetData(0x20000, ByteBuffer.wrap(data)),
                        extended(1, 1, 11).u64(0x20000).raw(data).bytes()),
                Arguments.of(false, 0, new ReplyChunk.OffsetHole(0x30000, 0x8000),
                        structured(0, 2, 12).u64(0x30000).u32(0x8000).bytes()),
                Arguments.of(true, 0, new ReplyChunk.OffsetHole(0x30000, 0x8000),
                        extended(0, 2, 12).u64(0x30000).u32(0x8000).bytes()),
                Arguments.of(false, 1, new ReplyChunk.BlockStatus(false, 1, status),
                        structured(1, 5, 4 + 16).u32(1).u32(4096).u32(3).u32(8192).u32(0).bytes()),
                Arguments.of(true, 1, new ReplyChunk.BlockStatus(true, 1, status),
                        extended(1, 6, 8 + 32).u32(1).u32(2).u64(4096).u64(3).u64(8192).u64(0).bytes()),
                Arguments.of(false, 1, new ReplyChunk.Error(22, "bad"),
                        structured(1, 0x8001, 9).u32(22).u16(3).str("bad").bytes()),
                Arguments.of(true, 1, new ReplyChunk.Error(5, ""), extended(1, 0x8001, 6).u32(5).u16(0).bytes()),
                Arguments.of(false, 1, new ReplyChunk.ErrorOffset(5, "io", 0x40000),
                        structured(1, 0x8002, 16).u32(5).u16(2).str("io").u64(0x40000).bytes()),
                Arguments.of(true, 1, new ReplyChunk.ErrorOffset(5, "io", 0x40000),
                        extended(1, 0x8002, 16).u32(5).u16(2).str("io").u64(0x40000).bytes()));
    }

    @ParameterizedTest
    @MethodSource("chunks")
    void givenChunk_whenEncoded_thenSpecBytes(boolean ext, int flags, ReplyChunk chunk, byte[] expected) {
        assertArrayEquals(expected, Wire.array(ReplyCodec.encodeChunk(ext, flags, COOKIE, OFFSET, chunk)));
    }

    @ParameterizedTest
    @MethodSource("chunks")
    void givenSpecBytes_whenDecoded_thenChunk(boolean ext, int flags, ReplyChunk expected, byte[] wire)
            throws Exception {
        ByteBuffer b = ByteBuffer.wrap(wire);
        ReplyHeader.Chunk header = (ReplyHeader.Chunk) ReplyCodec.decodeHeader(b, ext);
        assertEquals(new ReplyHeader.Chunk(ext, flags, expected.type(), COOKIE, ext ? OFFSET : 0,
                b.remaining()), header);
        assertEquals(expected, ReplyCodec.decodeChunk(header.type(), b));
    }

    @Test
    void givenSimpleBytes_whenDecoded_thenErrorAndCookie() throws Exception {
        var b = Wire.of().u32(0x67446698).u32(1).u64(COOKIE).buffer();
        assertEquals(new ReplyHeader.Simple(1, COOKIE), ReplyCodec.decodeHeader(b, false));
    }

    @Test
    void givenSimpleMagicWithExtendedHeaders_whenDecoded_thenViolation() {
        var b = Wire.of().u32(0x67446698).u32(0).u64(COOKIE).zeroes(16).buffer();
        assertThrows(ProtocolViolationException.class, () -> ReplyCodec.decodeHeader(b, true));
    }

    @Test
    void givenUnknownMagic_whenDecoded_thenViolation() {
        var b = Wire.of().u32(0x668e33ee).u16(0).u16(0).u64(COOKIE).u32(0).buffer();
        assertThrows(ProtocolViolationException.class, () -> ReplyCodec.decodeHeader(b, false));
    }

    @Test
    void givenCompactStatusOver32Bits_whenConstructed_thenRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReplyChunk.BlockStatus(false, 1, List.of(new BlockDescriptor(1L << 32, 0))));
        assertThrows(IllegalArgumentException.class, () -> new ReplyChunk.BlockStatus(true, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ReplyChunk.OffsetHole(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplyChunk.Error(0, ""));
    }

    @Test
    void givenExtendedStatusCountMismatch_whenDecoded_thenViolation() {
        var payload = Wire.of().u32(1).u32(2).u64(4096).u64(0).buffer();
        assertThrows(ProtocolViolationException.class, () -> ReplyCodec.decodeChunk(6, payload));
    }

    @Test
    void givenErrorMessageLongerThanChunk_whenDecoded_thenViolation() {
        var payload = Wire.of().u32(5).u16(10).str("abc").buffer();
        assertThrows(ProtocolViolationException.class, () -> ReplyCodec.decodeChunk(0x8001, payload));
    }

    @Test
    void givenHoleWithTrailingBytes_whenDecoded_thenViolation() {
        var payload = Wire.of().u64(0).u32(1).u8(0).buffer();
        assertThrows(ProtocolViolationException.class, () -> ReplyCodec.decodeChunk(2, payload));
    }

    @Test
    void givenRandomBlockStatus_whenRoundTripped_thenEqual() throws Exception {
        Random random = new Random(9);
        for (int i = 0; i < 300; i++) {
            boolean ext = random.nextBoolean();
            var descriptors = random.ints(1 + random.nextInt(8), 1, Integer.MAX_VALUE)
                    .mapToObj(len -> new BlockDescriptor(len, random.nextInt(4))).toList();
            var chunk = new ReplyChunk.BlockStatus(ext, random.nextInt(), descriptors);
            ByteBuffer wire = ByteBuffer.wrap(Wire.array(ReplyCodec.encodeChunk(ext, 1, 7, 9, chunk)));
            ReplyHeader.Chunk header = (ReplyHeader.Chunk) ReplyCodec.decodeHeader(wire, ext);
            assertEquals(chunk, ReplyCodec.decodeChunk(header.type(), wire));
        }
    }
}
