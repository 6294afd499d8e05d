package org.lunbridge.iscsi.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.client.LunSessionIT.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lunbridge.iscsi.login.ChapCredentials;
import org.lunbridge.iscsi.login.DigestType;
import org.lunbridge.iscsi.login.LoginStatus;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.session.ConnectionLostException;
import org.lunbridge.iscsi.session.ConnectionState;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.SessionConfig;
import org.lunbridge.iscsi.session.SessionListener;
import org.lunbridge.iscsi.session.TaskAbortedException;
import org.lunbridge.iscsi.testing.TgtdTarget;

/** Login variants, digests, data-transfer parameters, TMF, NOP, connection loss and logout against real tgtd. */
class SessionBehaviourIT {

    static final String PREFIX = "iqn.2026-01.org.lunbridge:behaviour-";
    static final int MIB = 1 << 20;
    static TgtdTarget tgtd;

    @BeforeAll
    static void start() throws IOException {
        TgtdTarget.Builder b = TgtdTarget.builder()
                .target(PREFIX + "plain", t -> t.lun(1, 32 * MIB).allowAll())
                .target(PREFIX + "chap", t -> t.lun(1, MIB).allowAll().incomingUser("alice", "alice-secret-12"))
                .target(PREFIX + "mutual", t -> t.lun(1, MIB).allowAll().incomingUser("bob", "bob-secret-1234")
                        .outgoingUser("tgt", "target-secret-9"))
                .target(PREFIX + "digests", t -> t.lun(1, 8 * MIB).allowAll().headerDigest("CRC32C")
                        .dataDigest("CRC32C"));
        // Small bursts force many R2Ts and Data-Out sequences; every ImmediateData/InitialR2T combination.
        for (String imm : List.of("Yes", "No")) {
            for (String r2t : List.of("Yes", "No")) {
                b.target(PREFIX + "imm" + imm.toLowerCase() + "-r2t" + r2t.toLowerCase(), t -> t.lun(1, 32 * MIB)
                        .allowAll().param("ImmediateData", imm).param("InitialR2T", r2t)
                        .param("FirstBurstLength", "16384").param("MaxBurstLength", "65536")
                        .param("MaxRecvDataSegmentLength", "8192"));
            }
        }
        tgtd = b.start();
    }

    @AfterAll
    static void stop() {
        if (tgtd != null) {
            tgtd.close();
        }
    }

    static IscsiUrl url(String name) {
        return IscsiUrl.parse(tgtd.iscsiUrl(PREFIX + name, 1));
    }

    static void writeReadVerify(LunSession s, int size, long seed) throws Exception {
        byte[] pattern = new byte[size];
        new Random(seed).nextBytes(pattern);
        await(s.write(8, size / 512, 512, ByteBuffer.wrap(pattern), false));
        ByteBuffer back = ByteBuffer.allocate(size);
        await(s.read(8, size / 512, 512, back));
        assertArrayEquals(pattern, back.array());
    }

    @Test
    void givenOneWayChap_whenLoggingIn_thenCommandsWork() throws Exception {
        try (LunSession s = LunSession.open(IscsiUrl.parse(tgtd.iscsiUrl(PREFIX + "chap", 1, "alice",
                "alice-secret-12")), ClientConfig.defaults())) {
            writeReadVerify(s, 4096, 1);
            assertTrue(s.session().loginResult().chapAlgorithm().isPresent());
        }
    }

    @Test
    void givenMutualChap_whenLoggingIn_thenBothSidesAuthenticated() throws Exception {
        ClientConfig config = ClientConfig.defaults().withTargetChap(ChapCredentials.of("tgt", "target-secret-9"));
        try (LunSession s = LunSession.open(IscsiUrl.parse(tgtd.iscsiUrl(PREFIX + "mutual", 1, "bob",
                "bob-secret-1234")), config)) {
            writeReadVerify(s, 4096, 2);
        }
    }

    @Test
    void givenMutualChapWithWrongTargetSecret_whenLoggingIn_thenTargetNotAuthenticated() {
        ClientConfig config = ClientConfig.defaults().withTargetChap(ChapCredentials.of("tgt", "not-the-secret1"));
        IOException e = assertThrows(IOException.class, () -> LunSession.open(IscsiUrl.parse(
                tgtd.iscsiUrl(PREFIX + "mutual", 1, "bob", "bob-secret-1234")), config));
        assertTrue(e.getMessage().startsWith("CHAP authentication failed for user bob"), e.getMessage());
    }

    @Test
    void givenWrongSecret_whenLoggingIn_thenClearTypedError() {
        LoginRejectedException e = assertThrows(LoginRejectedException.class, () -> LunSession.open(
                IscsiUrl.parse(tgtd.iscsiUrl(PREFIX + "chap", 1, "alice", "wrong-secret-00")),
                ClientConfig.defaults()));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, e.status());
        assertTrue(e.getMessage().startsWith("CHAP authentication failed for user alice"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong-secret"), "the secret never appears in messages");
    }

    @Test
    void givenNoCredentialsForChapTarget_whenLoggingIn_thenSaysChapRequired() {
        LoginRejectedException e = assertThrows(LoginRejectedException.class,
                () -> LunSession.open(url("chap"), ClientConfig.defaults()));
        assertTrue(e.getMessage().contains("requires CHAP"), e.getMessage());
    }

    @Test
    void givenUnknownTarget_whenLoggingIn_thenNotFound() {
        LoginRejectedException e = assertThrows(LoginRejectedException.class,
                () -> LunSession.open(url("nonexistent"), ClientConfig.defaults()));
        assertEquals(LoginStatus.NOT_FOUND, e.status());
    }

    @Test
    void givenNothingListening_whenConnecting_thenConnectionRefusedMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> LunSession.open(
                IscsiUrl.parse("iscsi://127.0.0.1:" + port + "/iqn.x:y/1"), ClientConfig.defaults()));
        assertEquals("cannot connect to 127.0.0.1:" + port + ": Connection refused", e.getMessage());
    }

    @Test
    void givenDigestTarget_whenRequiringCrc32c_thenNegotiatedAndDataIntact() throws Exception {
        ClientConfig config = ClientConfig.defaults().withDigests(ClientConfig.DigestPolicy.REQUIRE_CRC32C);
        try (LunSession s = LunSession.open(url("digests"), config)) {
            assertEquals(DigestType.CRC32C, s.session().loginResult().connection().headerDigest());
            assertEquals(DigestType.CRC32C, s.session().loginResult().connection().dataDigest());
            writeReadVerify(s, 3 * MIB + 512, 3);
        }
        try (LunSession s = LunSession.open(url("plain"), ClientConfig.defaults())) {
            assertEquals(DigestType.NONE, s.session().loginResult().connection().dataDigest());
        }
    }

    @ParameterizedTest
    @CsvSource({"immyes-r2tyes", "immyes-r2tno", "immno-r2tyes", "immno-r2tno"})
    void givenBurstSettings_whenWritingAcrossBursts_thenDataIntact(String target) throws Exception {
        try (LunSession s = LunSession.open(url(target), ClientConfig.defaults())) {
            assertEquals(16384, s.session().loginResult().session().firstBurstLength());
            assertEquals(65536, s.session().loginResult().session().maxBurstLength());
            for (int size : new int[] {512, 8192, 16384, 16384 + 512, 65536 + 4096, 4 * MIB + 512}) {
                writeReadVerify(s, size, size);
            }
            assertTrue(s.stats().dataOutPdus() > 0);
            if (target.startsWith("immno-r2tyes")) {
                assertTrue(s.stats().r2tPdus() > 0);
            }
        }
    }

    @Test
    void givenLunReset_whenRequested_thenFunctionCompleteAndSessionUsable() throws Exception {
        try (LunSession s = LunSession.open(url("plain"), ClientConfig.defaults())) {
            assertEquals(IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE, await(s.logicalUnitReset()));
            // The reset raises a UNIT ATTENTION that the next command absorbs.
            writeReadVerify(s, 4096, 5);
            assertEquals(1, s.stats().tmfResponses());
        }
    }

    @Test
    void givenLargeRead_whenAborted_thenEitherAbortedOrCompletedExactlyOnce() throws Exception {
        try (LunSession s = LunSession.open(url("plain"), ClientConfig.defaults())) {
            await(s.testUnitReady());
            CompletableFuture<ScsiOutcome> read = s.execute(org.lunbridge.iscsi.scsi.BlockCommands.read16(
                    new org.lunbridge.iscsi.scsi.BlockRange(0, 32768), 512, false), ByteBuffer.allocate(16 * MIB));
            int response = await(s.abortTask(read));
            try {
                ScsiOutcome o = read.get(10, TimeUnit.SECONDS);
                assertInstanceOf(ScsiOutcome.Good.class, o);
                assertTrue(response == IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST
                        || response == IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE, "response " + response);
            } catch (ExecutionException e) {
                assertInstanceOf(TaskAbortedException.class, e.getCause());
                assertEquals(IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE, response);
            }
            writeReadVerify(s, 4096, 6);
            assertEquals(ConnectionState.UP, s.session().state());
        }
    }

    @Test
    void givenIdleSession_whenPingIntervalPasses_thenTargetAnswersAndSessionStaysUp() throws Exception {
        ClientConfig config = ClientConfig.defaults().withSession(SessionConfig.defaults().withNop(200, 2000)
                .withTickMillis(50));
        try (LunSession s = LunSession.open(url("plain"), config)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.stats().nopInPdus() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.sleep(20);
            }
            assertTrue(s.stats().nopInPdus() >= 3, "NOP-In answers: " + s.stats().nopInPdus());
            assertTrue(s.connectionStats().orElseThrow().nopOutPdus() >= 3, "the transport counted them too");
            assertEquals(ConnectionState.UP, s.session().state());
        }
    }

    @Test
    void givenTargetPings_whenNopIntervalSet_thenAnswered() throws Exception {
        String tid = Integer.toString(tgtd.tid(PREFIX + "plain"));
        // tgtd pings each connection every nop_interval seconds and drops it after nop_count misses.
        tgtd.tgtadm("--op", "update", "--mode", "target", "--tid", tid, "--name", "nop_interval", "--value", "1");
        tgtd.tgtadm("--op", "update", "--mode", "target", "--tid", tid, "--name", "nop_count", "--value", "2");
        ClientConfig quiet = ClientConfig.defaults().withSession(SessionConfig.defaults().withNop(60_000, 5000));
        try (LunSession s = LunSession.open(url("plain"), quiet)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.stats().nopOutPdus() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(s.stats().nopOutPdus() >= 3, "NOP-Outs answering tgtd: " + s.stats().nopOutPdus());
            assertEquals(s.stats().nopInPdus(), s.stats().nopOutPdus(), "every target ping answered once");
            writeReadVerify(s, 4096, 7);
            assertEquals(ConnectionState.UP, s.session().state());
        } finally {
            tgtd.tgtadm("--op", "update", "--mode", "target", "--tid", tid, "--name", "nop_interval", "--value",
                    "0");
        }
    }

    @Test
    void givenConnectionDeletedByTarget_whenObserved_thenTypedConnectionLostNotHang() throws Exception {
        List<ConnectionLostException> losses = new CopyOnWriteArrayList<>();
        try (LunSession s = LunSession.open(url("plain"), ClientConfig.defaults())) {
            s.addListener(new SessionListener() {
                @Override
                public void connectionLost(ConnectionLostException cause) {
                    losses.add(cause);
                }
            });
            await(s.testUnitReady());
            assertEquals(1, tgtd.deleteConnections(tgtd.tid(PREFIX + "plain")));
            ExecutionException e = assertThrows(ExecutionException.class, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    s.testUnitReady().get(10, TimeUnit.SECONDS);
                    Thread.sleep(20);
                }
            });
            assertTrue(e.getCause() instanceof ConnectionLostException
                    || e.getCause() instanceof org.lunbridge.iscsi.session.SessionClosedException, e.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (losses.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, losses.size());
            assertEquals(ConnectionLostException.Reason.TARGET_DROPPED, losses.get(0).reason());
        }
    }

    @Test
    void givenHungTarget_whenPingUnanswered_thenConnectionLostWithinIntervalPlusTimeout() throws Exception {
        ClientConfig config = ClientConfig.defaults().withSession(SessionConfig.defaults().withNop(300, 300)
                .withTickMillis(50));
        LunSession s = LunSession.open(url("plain"), config);
        CompletableFuture<ConnectionLostException> lost = new CompletableFuture<>();
        s.addListener(new SessionListener() {
            @Override
            public void connectionLost(ConnectionLostException cause) {
                lost.complete(cause);
            }
        });
        long start = System.nanoTime();
        tgtd.pause();
        try {
            ConnectionLostException e = lost.get(10, TimeUnit.SECONDS);
            assertEquals(ConnectionLostException.Reason.NOP_TIMEOUT, e.reason());
            assertEquals(1, s.connectionStats().orElseThrow().nopTimeouts(), "bumped in the transport's stats");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        } finally {
            tgtd.resume();
            s.close();
        }
    }

    @Test
    void givenSession_whenClosed_thenLoggedOutAndTargetHasNoConnection() throws Exception {
        LunSession s = LunSession.open(url("digests"), ClientConfig.defaults());
        int tid = tgtd.tid(PREFIX + "digests");
        assertEquals(1, tgtd.connections(tid).size());
        s.close();
        assertEquals(ConnectionState.DOWN, s.session().state());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!tgtd.connections(tid).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, tgtd.connections(tid).size());
    }
}
