package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.TextRequest;
import org.lunbridge.iscsi.pdu.TextResponse;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportOptions;

/** TcpTransport against a real tgtd: framing, digests, and typed connection loss on target-side faults. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@ExtendWith(TgtdLogOnFailure.class)
class TcpTransportIT {
    private static final String IQN = "iqn.2026-01.org.lunbridge:transport";
    private static final Map<String, String> OPERATIONAL = Map.of(
            "HeaderDigest", "CRC32C,None", "DataDigest", "CRC32C,None", "MaxRecvDataSegmentLength", "65536",
            "ErrorRecoveryLevel", "0", "InitialR2T", "Yes", "ImmediateData", "Yes", "MaxConnections", "1");

    private static TgtdTarget startTgtd() throws Exception {
        return TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 4 << 20).allowAll().headerDigest("CRC32C").dataDigest("CRC32C"))
                .start();
    }

    private static Transport connect(TgtdTarget tgtd) throws Exception {
        ConnectResult result = new TcpConnector().connect(tgtd.portal(), TransportOptions.defaults());
        return assertInstanceOf(ConnectResult.Connected.class, result, result::toString).transport();
    }

    /** Normal-session login with digests as negotiated; returns the next ExpStatSN. */
    private static int loginNormal(Transport transport) throws ConnectionLostException {
        TestLogin.Session session = TestLogin.login(transport,
                Map.of("SessionType", "Normal", "TargetName", IQN), OPERATIONAL);
        assertEquals("CRC32C", session.keys().get("HeaderDigest"), session.keys().toString());
        assertEquals("CRC32C", session.keys().get("DataDigest"), session.keys().toString());
        transport.setMaxRecvDataSegmentLength(65536);
        // §13.12: declarative; a target that does not declare it receives at most the default 8192.
        transport.setMaxSendDataSegmentLength(Integer.parseInt(
                session.keys().getOrDefault("MaxRecvDataSegmentLength", "8192")));
        // §13.1: digests apply from the first PDU after the final Login Response.
        transport.enableDigests(true, true);
        return session.expStatSn();
    }

    @Test
    void givenTgtd_whenLoginAndDigestedNopPing_thenEchoedAndCounted() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            int expStatSn = loginNormal(transport);
            ByteBuffer ping = ByteBuffer.allocate(1001);
            for (int i = 0; i < ping.limit(); i++) {
                ping.put(i, (byte) (i * 13));
            }

            transport.send(PduEncoder.encode(NopOut.ping(0x77, 1, expStatSn, ping)));
            NopIn echo = assertInstanceOf(NopIn.class, transport.receive());

            assertEquals(0x77, echo.itt());
            assertEquals(ping, echo.data());
            // §11.2.3: an empty data segment carries no DataDigest; tgtd must agree or the echo never parses.
            transport.send(PduEncoder.encode(NopOut.ping(0x78, 1, expStatSn, ByteBuffer.allocate(0))));
            NopIn empty = assertInstanceOf(NopIn.class, transport.receive());
            assertEquals(0x78, empty.itt());
            assertEquals(0, empty.data().remaining());
            ConnectionStats.Snapshot stats = transport.stats().snapshot();
            assertEquals(2, stats.loginPdus());
            assertEquals(2, stats.loginResponsePdus());
            assertEquals(2, stats.nopOutPdus());
            assertEquals(2, stats.nopInPdus());
            assertEquals(0, stats.digestErrors());
            // NOP-In: BHS 48 + HeaderDigest 4 + 1001 data + 3 pad + DataDigest 4
            assertTrue(stats.rxDataOctets() > 48 + 4 + 1004 + 4, stats.toString());
        }
    }

    @Test
    void givenDiscoverySession_whenSendTargets_thenTextResponseNamesTheTarget() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            TestLogin.Session session = TestLogin.login(transport, Map.of("SessionType", "Discovery"),
                    Map.of("HeaderDigest", "None", "DataDigest", "None", "MaxRecvDataSegmentLength", "65536"));
            transport.setMaxRecvDataSegmentLength(65536);

            transport.send(PduEncoder.encode(new TextRequest(true, true, false, Lun.ZERO, 5,
                    IscsiConstants.RESERVED_TAG, 1, session.expStatSn(),
                    TestLogin.encode(Map.of("SendTargets", "All")))));
            TextResponse response = assertInstanceOf(TextResponse.class, transport.receive());

            Map<String, String> keys = TestLogin.decode(response.data());
            assertEquals(IQN, keys.get("TargetName"), keys.toString());
            assertTrue(keys.get("TargetAddress").startsWith("127.0.0.1:" + tgtd.port() + ","), keys.toString());
        }
    }

    @Test
    void givenFullFeatureSession_whenTgtadmDeletesConnection_thenTypedLossPromptly() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            loginNormal(transport);
            CompletableFuture<ConnectionLostException> reader = readUntilLost(transport);

            long start = System.nanoTime();
            assertEquals(1, tgtd.deleteConnections(tgtd.tid(IQN)));
            ConnectionLostException lost = reader.get(5, TimeUnit.SECONDS);

            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(Set.of(Reason.EOF, Reason.RESET).contains(lost.reason()), lost.toString());
            assertTrue(elapsedMillis < 3000, "took " + elapsedMillis + " ms");
            assertSame(lost, transport.lost().toCompletableFuture().get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void givenFullFeatureSession_whenTgtdKilled_thenLossThenRefusedUntilRestart() throws Exception {
        try (TgtdTarget tgtd = startTgtd()) {
            Transport transport = connect(tgtd);
            loginNormal(transport);
            CompletableFuture<ConnectionLostException> reader = readUntilLost(transport);

            tgtd.kill9();

            ConnectionLostException lost = reader.get(5, TimeUnit.SECONDS);
            assertTrue(Set.of(Reason.EOF, Reason.RESET).contains(lost.reason()), lost.toString());
            assertInstanceOf(ConnectResult.Refused.class,
                    new TcpConnector().connect(tgtd.portal(), TransportOptions.defaults()));
            tgtd.restart();
            try (Transport again = connect(tgtd)) {
                loginNormal(again);
            }
        }
    }

    @Test
    void givenPausedTgtd_whenPingUnanswered_thenSessionTimeoutEndsBlockedReceive() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            int expStatSn = loginNormal(transport);
            tgtd.pause();
            try {
                transport.send(PduEncoder.encode(NopOut.ping(1, 1, expStatSn, ByteBuffer.allocate(0))));
                CompletableFuture<ConnectionLostException> reader = readUntilLost(transport);
                // What a session's NOP timer does when the echo does not come.
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> {
                    transport.stats().nopTimeout();
                    transport.fail(Reason.TIMEOUT, "NOP-Out ITT 1 unanswered for 300 ms");
                });

                ConnectionLostException lost = reader.get(5, TimeUnit.SECONDS);

                assertEquals(Reason.TIMEOUT, lost.reason());
                assertEquals(1, transport.stats().snapshot().nopTimeouts());
            } finally {
                tgtd.resume();
            }
        }
    }

    /** A receive loop on a virtual thread: returns the typed loss, fails on anything else. */
    private static CompletableFuture<ConnectionLostException> readUntilLost(Transport transport) {
        CompletableFuture<ConnectionLostException> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    transport.receive();
                }
            } catch (ConnectionLostException e) {
                result.complete(e);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }
}
