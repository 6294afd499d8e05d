package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.TransportOptions;

/** Receive framing against a fake target writing raw bytes (RFC 7143 §11.1, §13.1). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TcpTransportReceiveTest {
    private static NopIn nopIn(int itt, String data) {
        return new NopIn(Lun.ZERO, itt, IscsiConstants.RESERVED_TAG, 7, 8, 9,
                ByteBuffer.wrap(data.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.US_ASCII.decode(data.duplicate()).toString();
    }

    @Test
    void givenNopInWrittenByteByByte_whenReceived_thenDecodedWhole() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            Thread.ofVirtual().start(() -> {
                try {
                    pair.peerWriteByteByByte(LoopbackPair.frame(nopIn(0x11, "hello"), false, false));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            NopIn received = assertInstanceOf(NopIn.class, pair.transport.receive());

            assertEquals(0x11, received.itt());
            assertEquals(7, received.statSn());
            assertEquals("hello", text(received.data()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8191})
    void givenPaddedSegmentsBackToBack_whenReceived_thenEachDataExact(int length) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            String first = "x".repeat(length);
            byte[] a = LoopbackPair.frame(nopIn(1, first), false, false);
            byte[] b = LoopbackPair.frame(nopIn(2, "next"), false, false);
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            pair.peerWrite(both);

            NopIn one = assertInstanceOf(NopIn.class, pair.transport.receive());
            NopIn two = assertInstanceOf(NopIn.class, pair.transport.receive());

            assertEquals(first, text(one.data()));
            assertEquals(2, two.itt());
            assertEquals("next", text(two.data()));
            assertEquals(a.length + b.length, pair.transport.stats().snapshot().rxDataOctets());
        }
    }

    @Test
    void givenBothDigests_whenValidFrameByteByByte_thenReceivedAndCounted() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, true);
            byte[] frame = LoopbackPair.frame(nopIn(5, "digested"), true, true);
            pair.peerWriteByteByByte(frame);

            NopIn received = assertInstanceOf(NopIn.class, pair.transport.receive());

            assertEquals("digested", text(received.data()));
            ConnectionStats.Snapshot stats = pair.transport.stats().snapshot();
            assertEquals(1, stats.nopInPdus());
            assertEquals(frame.length, stats.rxDataOctets());
            assertEquals(0, stats.digestErrors());
        }
    }

    @Test
    void givenCorruptHeaderDigest_whenReceived_thenHeaderDigestLossDeliveredOnce() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, false);
            byte[] frame = LoopbackPair.frame(nopIn(5, "abc"), true, false);
            frame[48] ^= 0x01; // first byte of the HeaderDigest
            pair.peerWrite(frame);

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.HEADER_DIGEST, e.reason());
            assertEquals(1, pair.transport.stats().snapshot().digestErrors());
            assertFalse(pair.transport.isOpen());
            assertSame(e, pair.transport.lost().toCompletableFuture().getNow(null));
            ConnectionLostException later = assertThrows(ConnectionLostException.class,
                    () -> pair.transport.send(PduEncoder.encode(
                            org.lunbridge.iscsi.pdu.NopOut.ping(1, 1, 1, ByteBuffer.allocate(0)))));
            assertSame(e, later);
        }
    }

    @Test
    void givenCorruptDataByte_whenDataDigestOn_thenDataDigestLoss() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, true);
            byte[] frame = LoopbackPair.frame(nopIn(5, "abcde"), true, true);
            frame[48 + 4 + 2] ^= 0x40; // 'c' of the data
            pair.peerWrite(frame);

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.DATA_DIGEST, e.reason());
            assertTrue(e.getMessage().contains("NOP-In") || e.getMessage().contains("Nop"), e.getMessage());
            assertEquals(1, pair.transport.stats().snapshot().digestErrors());
        }
    }

    @Test
    void givenNonZeroPadding_whenDataDigestCoversIt_thenAccepted() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(false, true);
            ByteBuffer header = PduEncoder.encode(nopIn(3, "ab")).header();
            byte[] wire = new byte[48 + 4 + 4];
            header.duplicate().get(wire, 0, 48);
            wire[48] = 'a';
            wire[49] = 'b';
            wire[50] = 0x55; // padding "SHOULD" be 0; the digest covers it as sent (§13.1)
            wire[51] = 0x66;
            int crc = org.lunbridge.iscsi.pdu.Digests.crc32c(ByteBuffer.wrap(wire, 48, 4));
            org.lunbridge.iscsi.pdu.Digests.toWire(crc).get(wire, 52, 4);
            pair.peerWrite(wire);

            NopIn received = assertInstanceOf(NopIn.class, pair.transport.receive());

            assertEquals("ab", text(received.data()));
        }
    }

    @Test
    void givenAhsUnderHeaderDigest_whenReceived_thenDigestCoversAhsAndDecoderRejectsAhs() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, false);
            ByteBuffer header = ByteBuffer.allocate(52);
            header.put(PduEncoder.encode(nopIn(3, "")).header()).put(4, (byte) 1); // TotalAHSLength = 1 word
            header.put(48, new byte[] {0, 1, 1, 0}).position(0);
            pair.peerWrite(LoopbackPair.frame(header, ByteBuffer.allocate(0), true, false));

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            // The digest over BHS+AHS matched (else HEADER_DIGEST); the NOP-In then may not carry an AHS.
            assertEquals(Reason.PROTOCOL_VIOLATION, e.reason(), e.getMessage());
        }
    }

    @Test
    void givenDataSegmentLengthOverMaxRecv_whenReceived_thenViolationWithoutAllocating() throws Exception {
        AtomicInteger allocations = new AtomicInteger();
        TransportOptions options = TransportOptions.defaults().withDataBufferAllocator((header, length) -> {
            allocations.incrementAndGet();
            return ByteBuffer.allocate(length);
        });
        try (LoopbackPair pair = LoopbackPair.open(options)) {
            pair.transport.setMaxRecvDataSegmentLength(65536);
            byte[] frame = LoopbackPair.frame(nopIn(1, ""), false, false);
            frame[5] = (byte) 0xff; // DataSegmentLength = 0xffffff
            frame[6] = (byte) 0xff;
            frame[7] = (byte) 0xff;
            pair.peerWrite(frame);

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.PROTOCOL_VIOLATION, e.reason());
            assertTrue(e.getMessage().contains("16777215") && e.getMessage().contains("65536"), e.getMessage());
            assertEquals(0, allocations.get());
        }
    }

    @Test
    void givenLoginPhaseDefault_whenSegmentAbove8192_thenRejected() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            assertEquals(8192, pair.transport.maxRecvDataSegmentLength());
            pair.peerWrite(LoopbackPair.frame(nopIn(1, "y".repeat(8193)), false, false));

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.PROTOCOL_VIOLATION, e.reason());
        }
    }

    @Test
    void givenEofMidPdu_whenReceived_thenEofNamingTheCut() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            byte[] frame = LoopbackPair.frame(nopIn(1, "abcdef"), false, false);
            pair.peerWrite(Arrays.copyOf(frame, 50));
            pair.peer.close();

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.EOF, e.reason());
            assertTrue(e.getMessage().contains("mid-PDU after 2 of 6 bytes of data segment"), e.getMessage());
        }
    }

    @Test
    void givenEofAtBoundary_whenReceived_thenEofAtBoundary() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.peer.close();

            ConnectionLostException e = assertThrows(ConnectionLostException.class, pair.transport::receive);

            assertEquals(Reason.EOF, e.reason());
            assertTrue(e.getMessage().contains("PDU boundary"), e.getMessage());
        }
    }

    @Test
    void givenAllocatorSlice_whenDataReceived_thenBytesLandInCallerBuffer() throws Exception {
        ByteBuffer destination = ByteBuffer.allocate(64);
        TransportOptions options = TransportOptions.defaults().withDataBufferAllocator(
                (header, length) -> destination.duplicate().position(10).limit(10 + length));
        try (LoopbackPair pair = LoopbackPair.open(options)) {
            pair.peerWrite(LoopbackPair.frame(nopIn(1, "payload"), false, false));

            TargetPdu pdu = pair.transport.receive();

            assertEquals("payload", text(pdu.data()));
            byte[] landed = new byte[7];
            destination.get(10, landed);
            assertArrayEquals("payload".getBytes(StandardCharsets.US_ASCII), landed);
        }
    }
}
