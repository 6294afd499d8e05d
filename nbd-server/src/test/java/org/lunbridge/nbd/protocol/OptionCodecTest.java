package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionCodecTest {
    private static final long IHAVEOPT_BYTES = 0x49484156454F5054L;

    private static Wire header(int option, int length) {
        return Wire.of().u64(IHAVEOPT_BYTES).u32(option).u32(length);
    }

    /** Every option with its spec bytes (proto.md "Option types"). */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(new ClientOption.ExportName("disk"), header(1, 4).str("disk").bytes()),
                Arguments.of(new ClientOption.ExportName(""), header(1, 0).bytes()),
                Arguments.of(new ClientOption.Abort(), header(2, 0).bytes()),
                Arguments.of(new ClientOption.ListExports(), header(3, 0).bytes()),
                Arguments.of(new ClientOption.StartTls(), header(5, 0).bytes()),
                Arguments.of(new ClientOption.Info(false, "sda", List.of(3, 2)),
                        header(6, 4 + 3 + 2 + 4).u32(3).str("sda").u16(2).u16(3).u16(2).bytes()),
                Arguments.of(new ClientOption.Info(true, "", List.of()), header(7, 6).u32(0).u16(0).bytes()),
                Arguments.of(new ClientOption.StructuredReply(), header(8, 0).bytes()),
                Arguments.of(new ClientOption.MetaContext(false, "x", List.of()),
                        header(9, 4 + 1 + 4).u32(1).str("x").u32(0).bytes()),
                Arguments.of(new ClientOption.MetaContext(true, "x", List.of("base:allocation", "base:")),
                        header(10, 4 + 1 + 4 + 4 + 15 + 4 + 5).u32(1).str("x").u32(2)
                                .u32(15).str("base:allocation").u32(5).str("base:").bytes()),
                Arguments.of(new ClientOption.ExtendedHeaders(), header(11, 0).bytes()));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void givenOption_whenEncoded_thenSpecBytes(ClientOption option, byte[] expected) {
        assertArrayEquals(expected, Wire.array(OptionCodec.encode(option)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void givenSpecBytes_whenDecoded_thenOption(ClientOption expected, byte[] wire) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        OptionCodec.OptionHeader header = OptionCodec.decodeHeader(buffer);
        assertEquals(expected.code(), header.option());
        assertEquals(buffer.remaining(), header.lengthBytes());
        assertEquals(expected, OptionCodec.decode(header.option(), buffer));
    }

    @Test
    void givenUnknownOption_whenDecoded_thenUnknownWithCode() throws Exception {
        assertEquals(new ClientOption.Unknown(4), OptionCodec.decode(4, ByteBuffer.allocate(3)));
        assertEquals(new ClientOption.Unknown(0x7fff), OptionCodec.decode(0x7fff, ByteBuffer.allocate(0)));
    }

    @Test
    void givenAbortWithData_whenDecoded_thenDataIgnored() throws Exception {
        assertEquals(new ClientOption.Abort(), OptionCodec.decode(NBD_OPT_ABORT, ByteBuffer.allocate(5)));
    }

    @Test
    void givenHeaderLengthAbove2To31_whenDecoded_thenUnsignedLength() throws Exception {
        var header = OptionCodec.decodeHeader(Wire.of().u64(IHAVEOPT_BYTES).u32(3).u32(0xffffffffL).buffer());
        assertEquals(0xffffffffL, header.lengthBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 31, 63})
    void givenMagicBitFlipped_whenHeaderDecoded_thenViolation(int bit) {
        ByteBuffer b = Wire.of().u64(IHAVEOPT_BYTES ^ (1L << bit)).u32(3).u32(0).buffer();
        assertThrows(ProtocolViolationException.class, () -> OptionCodec.decodeHeader(b));
    }

    @Test
    void givenTruncatedHeader_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> OptionCodec.decodeHeader(Wire.of().u64(IHAVEOPT_BYTES).u32(3).buffer()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("LIST with data", NBD_OPT_LIST, Wire.of().u8(0).bytes()),
                Arguments.of("STRUCTURED_REPLY with data", NBD_OPT_STRUCTURED_REPLY, Wire.of().u32(0).bytes()),
                Arguments.of("EXTENDED_HEADERS with data", NBD_OPT_EXTENDED_HEADERS, Wire.of().u8(1).bytes()),
                Arguments.of("STARTTLS with data", NBD_OPT_STARTTLS, Wire.of().u8(1).bytes()),
                Arguments.of("GO empty", NBD_OPT_GO, Wire.of().bytes()),
                Arguments.of("GO name beyond data", NBD_OPT_GO, Wire.of().u32(10).str("ab").u16(0).bytes()),
                Arguments.of("GO name length 2^31", NBD_OPT_GO, Wire.of().u32(0x80000000L).u16(0).bytes()),
                Arguments.of("GO missing count", NBD_OPT_GO, Wire.of().u32(1).str("a").bytes()),
                Arguments.of("GO count beyond data", NBD_OPT_GO, Wire.of().u32(0).u16(2).u16(1).bytes()),
                Arguments.of("GO trailing byte", NBD_OPT_GO, Wire.of().u32(0).u16(1).u16(1).u8(0).bytes()),
                Arguments.of("INFO name not UTF-8", NBD_OPT_INFO, Wire.of().u32(2).u8(0xc3).u8(0x28).u16(0).bytes()),
                Arguments.of("INFO name with NUL", NBD_OPT_INFO, Wire.of().u32(2).u8('a').u8(0).u16(0).bytes()),
                Arguments.of("EXPORT_NAME of 4097 bytes", NBD_OPT_EXPORT_NAME, Wire.of().zeroes(4097).bytes()),
                Arguments.of("META count beyond data", NBD_OPT_SET_META_CONTEXT,
                        Wire.of().u32(0).u32(1000).u32(1).str("b").bytes()),
                Arguments.of("META query beyond data", NBD_OPT_LIST_META_CONTEXT,
                        Wire.of().u32(0).u32(1).u32(20).str("base:").bytes()),
                Arguments.of("META trailing", NBD_OPT_LIST_META_CONTEXT, Wire.of().u32(0).u32(0).u8(9).bytes()),
                Arguments.of("META truncated count", NBD_OPT_LIST_META_CONTEXT, Wire.of().u32(0).u16(0).bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void givenMalformedData_whenDecoded_thenInvalidOption(String name, int option, byte[] data) {
        assertThrows(InvalidOptionException.class, () -> OptionCodec.decode(option, ByteBuffer.wrap(data)));
    }

    @Test
    void givenRandomGarbage_whenDecodedAsEveryOption_thenOptionOrInvalidNeverCrash() {
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            int option = 1 + random.nextInt(11);
            try {
                OptionCodec.decode(option, ByteBuffer.wrap(data));
            } catch (InvalidOptionException expected) {
                // fine: rejected cleanly
            }
        }
    }

    @Test
    void givenRandomInfoOptions_whenRoundTripped_thenEqual() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            List<Integer> requests = random.ints(random.nextInt(5), 0, 0x10000).boxed().toList();
            var option = new ClientOption.Info(random.nextBoolean(), "e" + random.nextInt(), requests);
            ByteBuffer wire = OptionCodec.encode(option);
            var header = OptionCodec.decodeHeader(wire);
            assertEquals(option, OptionCodec.decode(header.option(), wire));
        }
    }
}
