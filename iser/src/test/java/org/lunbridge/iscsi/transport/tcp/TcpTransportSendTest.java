package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.iscsi.pdu.Digests;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduDecoder;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;

/** Send side: exact wire bytes, concurrent senders, failure delivery. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TcpTransportSendTest {
    private static NopOut ping(int itt, int dataLength) {
        byte[] data = new byte[dataLength];
        for (int i = 0; i < dataLength; i++) {
            data[i] = (byte) (itt * 31 + i);
        }
        return NopOut.ping(itt, itt, 0, ByteBuffer.wrap(data));
    }

    @Test
    void givenBothDigests_whenSent_thenWireIsHeaderDigestDataPadDigest() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, true);
            NopOut pdu = ping(1, 5);

            pair.transport.send(PduEncoder.encode(pdu));

            byte[] expected = LoopbackPair.frame(pdu, true, true);
            assertEquals(48 + 4 + 5 + 3 + 4, expected.length);
            assertArrayEquals(expected, pair.peerRead(expected.length));
            ConnectionStats.Snapshot stats = pair.transport.stats().snapshot();
            assertEquals(1, stats.nopOutPdus());
            assertEquals(expected.length, stats.txDataOctets());
        }
    }

    @Test
    void givenNoDigestsAndNoData_whenSent_thenOnlyTheBhs() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            NopOut pdu = ping(9, 0);

            pair.transport.send(PduEncoder.encode(pdu));
            pair.transport.send(PduEncoder.encode(ping(10, 4)));

            assertArrayEquals(LoopbackPair.frame(pdu, false, false), pair.peerRead(48));
            InitiatorPdu next = readPdu(pair, false, false);
            assertEquals(10, assertInstanceOf(NopOut.class, next).itt());
        }
    }

    @Test
    void givenConcurrentSenders_whenManyPdus_thenPeerDecodesEveryPduWhole() throws Exception {
        int senders = 8;
        int perSender = 150;
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.enableDigests(true, true);
            CompletableFuture<List<NopOut>> peer = CompletableFuture.supplyAsync(() -> {
                List<NopOut> received = new ArrayList<>();
                try {
                    for (int i = 0; i < senders * perSender; i++) {
                        received.add(assertInstanceOf(NopOut.class, readPdu(pair, true, true)));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                return received;
            });
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < perSender; i++) {
                        int itt = sender * 1000 + i;
                        try {
                            pair.transport.send(PduEncoder.encode(ping(itt, (itt * 7) % 8000)));
                        } catch (ConnectionLostException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }

            List<NopOut> received = peer.get(10, TimeUnit.SECONDS);

            Set<Integer> itts = new HashSet<>();
            for (NopOut pdu : received) {
                assertTrue(itts.add(pdu.itt()), "duplicate ITT " + pdu.itt());
                ByteBuffer expected = ping(pdu.itt(), (pdu.itt() * 7) % 8000).data();
                assertEquals(expected, pdu.data(), "data of ITT " + pdu.itt());
            }
            assertEquals(senders * perSender, itts.size());
            assertEquals(senders * perSender, pair.transport.stats().snapshot().txPdus());
        }
    }

    @Test
    void givenDataOverTargetLimit_whenSent_thenRejectedAndConnectionStaysUp() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            assertEquals(8192, pair.transport.maxSendDataSegmentLength());

            assertThrows(IllegalArgumentException.class,
                    () -> pair.transport.send(PduEncoder.encode(ping(1, 8193))));

            assertTrue(pair.transport.isOpen());
            pair.transport.setMaxSendDataSegmentLength(16384);
            pair.transport.send(PduEncoder.encode(ping(2, 8193)));
            assertEquals(2, assertInstanceOf(NopOut.class, readPdu(pair, false, false)).itt());
        }
    }

    @Test
    void givenHeaderLengthMismatch_whenSent_thenRejected() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            EncodedPdu pdu = PduEncoder.encode(ping(1, 4));

            assertThrows(IllegalArgumentException.class,
                    () -> pair.transport.send(new EncodedPdu(pdu.header(), ByteBuffer.allocate(3))));
        }
    }

    @Test
    void givenBlockedReader_whenClosed_thenReceiveFailsPromptlyWithClosedOnce() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            CompletableFuture<ConnectionLostException> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    pair.transport.receive();
                    return null;
                } catch (ConnectionLostException e) {
                    return e;
                }
            });
            // The reader is (or will be) blocked in read(): close must wake it, not leave it hanging.
            pair.transport.close();
            pair.transport.close();

            ConnectionLostException e = reader.get(5, TimeUnit.SECONDS);

            assertEquals(Reason.CLOSED, e.reason());
            assertSame(e, pair.transport.lost().toCompletableFuture().get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void givenSessionTimeout_whenFailed_thenTimeoutReasonAndLaterFailuresIgnored() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.fail(Reason.TIMEOUT, "NOP-Out unanswered for 5000 ms");
            pair.transport.fail(Reason.RESET, "second failure must not replace the first");

            ConnectionLostException e = assertThrows(ConnectionLostException.class,
                    () -> pair.transport.send(PduEncoder.encode(ping(1, 0))));

            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains("NOP-Out unanswered"), e.getMessage());
            assertEquals(-1, pair.peer.read(ByteBuffer.allocate(1)), "socket closed on failure");
        }
    }

    @Test
    void givenPeerReset_whenSending_thenResetOrEof() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            pair.peer.close(); // linger 0: RST

            ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    pair.transport.send(PduEncoder.encode(ping(i, 4000)));
                }
            });

            assertEquals(Reason.RESET, e.reason(), e.getMessage());
        }
    }

    /** A fake target's framing of initiator PDUs, digests verified. */
    private static InitiatorPdu readPdu(LoopbackPair pair, boolean headerDigest, boolean dataDigest) throws Exception {
        ByteBuffer header = ByteBuffer.wrap(pair.peerRead(48));
        if (headerDigest) {
            Digests.verifyHeader(header, ByteBuffer.wrap(pair.peerRead(4)));
        }
        int length = PduFraming.dataSegmentLength(header);
        ByteBuffer data = ByteBuffer.allocate(0);
        if (length > 0) {
            data = ByteBuffer.wrap(pair.peerRead(PduFraming.padTo4(length))).limit(length).slice();
            if (dataDigest) {
                Digests.verifyData(data, ByteBuffer.wrap(pair.peerRead(4)));
            }
        }
        return PduDecoder.decodeInitiatorPdu(header, data);
    }
}
