package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IserCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void givenControlHeader_whenEncoded_thenOpcodeOneAndAllZero() {
        assertEquals("10000000" + "00000000" + "0000000000000000" + "00000000" + "0000000000000000",
                HEX.formatHex(IserCodec.encode(IserHeader.CONTROL)));
    }

    @Test
    void givenReadHeader_whenEncoded_thenRsvAndReadStagBigEndian() {
        IserHeader header = IserHeader.read(0x11223344, 0x00007f00deadb000L);
        assertEquals("14000000" + "00000000" + "0000000000000000" + "11223344" + "00007f00deadb000",
                HEX.formatHex(IserCodec.encode(header)));
    }

    @Test
    void givenWriteHeader_whenEncoded_thenWsvAndWriteStagBigEndian() {
        IserHeader header = IserHeader.write(0xcafe0102, 0x0000000012345678L);
        assertEquals("18000000" + "cafe0102" + "0000000012345678" + "00000000" + "0000000000000000",
                HEX.formatHex(IserCodec.encode(header)));
    }

    @Test
    void givenBidirectionalHeader_whenRoundTripped_thenEqual() throws Exception {
        IserHeader header = new IserHeader(true, 7, 0x1000, true, 9, 0x2000);
        byte[] bytes = IserCodec.encode(header);
        assertEquals(0x1c, bytes[0] & 0xff);
        assertEquals(header, IserCodec.decode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void givenRandomHeaders_whenRoundTripped_thenEqualAnd28Bytes() throws Exception {
        Random random = new Random(7145);
        for (int i = 0; i < 1000; i++) {
            boolean w = random.nextBoolean();
            boolean r = random.nextBoolean();
            IserHeader header = new IserHeader(w, w ? random.nextInt() : 0, w ? random.nextLong() : 0, r,
                    r ? random.nextInt() : 0, r ? random.nextLong() : 0);
            ByteBuffer buffer = ByteBuffer.allocate(40).position(5);
            IserCodec.encode(header, buffer);
            assertEquals(33, buffer.position());
            ByteBuffer in = buffer.flip().position(5);
            assertEquals(header, IserCodec.decode(in));
            assertEquals(33, in.position());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x20, 0x30, 0x00, 0xf0})
    void givenNonControlOpcode_whenDecoded_thenRejected(int flags) {
        byte[] bytes = IserCodec.encode(IserHeader.CONTROL);
        bytes[0] = (byte) flags;
        IserFormatException e = assertThrows(IserFormatException.class, () -> IserCodec.decode(ByteBuffer.wrap(bytes)));
        assertTrue(e.getMessage().startsWith("iSER opcode: "), e.getMessage());
        assertTrue(e.getMessage().contains("(expected: iSCSI control-type 0x1, RFC 7145 §9.2)"), e.getMessage());
    }

    @Test
    void givenReservedBitsSet_whenDecoded_thenIgnored() throws Exception {
        byte[] bytes = IserCodec.encode(IserHeader.read(5, 6));
        bytes[0] |= 0x03;
        bytes[1] = (byte) 0xff;
        bytes[3] = 1;
        assertEquals(IserHeader.read(5, 6), IserCodec.decode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void givenStagWithoutValidBit_whenDecoded_thenStagDropped() throws Exception {
        byte[] bytes = IserCodec.encode(IserHeader.read(5, 6));
        bytes[7] = 9; // Write STag garbage, WSV clear
        assertEquals(IserHeader.read(5, 6), IserCodec.decode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void givenShortMessage_whenDecoded_thenRejected() {
        IserFormatException e = assertThrows(IserFormatException.class,
                () -> IserCodec.decode(ByteBuffer.allocate(27)));
        assertEquals("iSER message length: 27 (expected: >= 28)", e.getMessage());
    }

    @Test
    void givenStagWithoutValidBit_whenConstructed_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new IserHeader(false, 1, 0, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new IserHeader(false, 0, 0, false, 0, 1));
    }

    @Test
    void givenVaBasedInitiator_whenCmPrivateDataBuilt_thenZbvaAndSendWithInvalidateNotSupported() {
        assertArrayEquals(new byte[] {(byte) 0xc0, 0, 0, 0}, IserCodec.cmRequestPrivateData(true, true));
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0}, IserCodec.cmRequestPrivateData(true, false));
        assertArrayEquals(new byte[] {0x40, 0, 0, 0}, IserCodec.cmRequestPrivateData(false, true));
    }

    @Test
    void givenOpcodes_whenNamed_thenSpecNames() {
        assertEquals("iSCSI control-type (0x1)", IserCodec.nameOfOpcode(1));
        assertEquals("iSER Hello (0x2)", IserCodec.nameOfOpcode(2));
        assertEquals("iSER HelloReply (0x3)", IserCodec.nameOfOpcode(3));
        assertEquals("reserved (0x9)", IserCodec.nameOfOpcode(9));
    }
}
