package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionReplyCodecTest {
    private static final long REP_MAGIC = 0x3e889045565a9L;

    private static Wire header(int option, long type, int length) {
        return Wire.of().u64(REP_MAGIC).u32(option).u32(type).u32(length);
    }

    /** Every option reply with its spec bytes (proto.md "Option reply types"). */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(7, new OptionReply.Ack(), header(7, 1, 0).bytes()),
                Arguments.of(3, new OptionReply.Server("disk", "a disk"),
                        header(3, 2, 4 + 4 + 6).u32(4).str("disk").str("a disk").bytes()),
                Arguments.of(3, new OptionReply.Server("", ""), header(3, 2, 4).u32(0).bytes()),
                Arguments.of(7, new OptionReply.InfoExport(0x123456789aL, 0x0d4d),
                        header(7, 3, 12).u16(0).u64(0x123456789aL).u16(0x0d4d).bytes()),
                Arguments.of(6, new OptionReply.InfoName("sda"), header(6, 3, 5).u16(1).str("sda").bytes()),
                Arguments.of(6, new OptionReply.InfoDescription("Ü"),
                        header(6, 3, 4).u16(2).u8(0xc3).u8(0x9c).bytes()),
                Arguments.of(7, new OptionReply.InfoBlockSize(512, 4096, 0xffffffff),
                        header(7, 3, 14).u16(3).u32(512).u32(4096).u32(0xffffffffL).bytes()),
                Arguments.of(10, new OptionReply.MetaContext(1, "base:allocation"),
                        header(10, 4, 19).u32(1).str("base:allocation").bytes()),
                Arguments.of(42, new OptionReply.Error(0x80000001, ""), header(42, 0x80000001L, 0).bytes()),
                Arguments.of(7, new OptionReply.Error(0x80000006, "no"),
                        header(7, 0x80000006L, 2).str("no").bytes()),
                Arguments.of(8, new OptionReply.Error(0x8000000a, ""), header(8, 0x8000000aL, 0).bytes()));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void givenReply_whenEncoded_thenSpecBytes(int option, OptionReply reply, byte[] expected) {
        assertArrayEquals(expected, Wire.array(OptionReplyCodec.encode(option, reply)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void givenSpecBytes_whenDecoded_thenReply(int option, OptionReply expected, byte[] wire) throws Exception {
        assertEquals(new OptionReplyCodec.Decoded(option, expected), OptionReplyCodec.decode(ByteBuffer.wrap(wire)));
    }

    @Test
    void givenErrorTypeWithoutBit31_whenConstructed_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OptionReply.Error(1, "x"));
    }

    @Test
    void givenBadMagic_whenDecoded_thenViolation() {
        byte[] wire = header(1, 1, 0).bytes();
        wire[7] ^= 1;
        assertThrows(ProtocolViolationException.class, () -> OptionReplyCodec.decode(ByteBuffer.wrap(wire)));
    }

    @Test
    void givenLengthBeyondData_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> OptionReplyCodec.decode(header(7, 3, 12).u16(0).u64(1).buffer()));
    }

    @Test
    void givenInfoExportOfWrongLength_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> OptionReplyCodec.decode(header(7, 3, 11).u16(0).u64(1).u8(0).buffer()));
    }

    @Test
    void givenAckWithData_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> OptionReplyCodec.decode(header(7, 1, 1).u8(0).buffer()));
    }
}
