package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HandshakeCodecTest {
    @Test
    void givenFixedNewstyleNoZeroes_whenGreetingEncoded_thenSpecBytes() {
        byte[] expected = Wire.of().str("NBDMAGIC").str("IHAVEOPT").u16(0b11).bytes();
        assertArrayEquals(expected, Wire.array(HandshakeCodec.encodeGreeting(3)));
    }

    @Test
    void givenGreetingBytes_whenDecoded_thenHandshakeFlags() throws Exception {
        assertEquals(3, HandshakeCodec.decodeGreeting(Wire.of().str("NBDMAGIC").str("IHAVEOPT").u16(3).buffer()));
    }

    @Test
    void givenOldstyleMagic_whenGreetingDecoded_thenViolation() {
        var oldstyle = Wire.of().str("NBDMAGIC").u64(0x00420281861253L).u16(3).buffer();
        assertThrows(ProtocolViolationException.class, () -> HandshakeCodec.decodeGreeting(oldstyle));
    }

    @Test
    void givenKnownClientFlags_whenDecoded_thenAccepted() throws Exception {
        assertEquals(3, HandshakeCodec.decodeClientFlags(Wire.of().u32(3).buffer(), 3));
        assertEquals(0, HandshakeCodec.decodeClientFlags(Wire.of().u32(0).buffer(), 3));
    }

    @Test
    void givenUnknownClientFlag_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.decodeClientFlags(Wire.of().u32(4).buffer(), 3));
        assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.decodeClientFlags(Wire.of().u32(0x80000001L).buffer(), 3));
    }

    @Test
    void givenNoZeroesNotAdvertised_whenClientSetsIt_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.decodeClientFlags(Wire.of().u32(2).buffer(), 1));
    }

    @Test
    void givenTruncatedClientFlags_whenDecoded_thenViolation() {
        assertThrows(ProtocolViolationException.class,
                () -> HandshakeCodec.decodeClientFlags(Wire.of().u16(1).buffer(), 3));
    }

    @Test
    void givenExportNameReply_whenEncoded_thenSizeFlagsAndZeroesUnlessNoZeroes() {
        byte[] withZeroes = Wire.of().u64(1L << 40).u16(0x0d).zeroes(124).bytes();
        assertArrayEquals(withZeroes, Wire.array(HandshakeCodec.encodeExportNameReply(1L << 40, 0x0d, false)));
        byte[] without = Wire.of().u64(1L << 40).u16(0x0d).bytes();
        assertArrayEquals(without, Wire.array(HandshakeCodec.encodeExportNameReply(1L << 40, 0x0d, true)));
    }
}
