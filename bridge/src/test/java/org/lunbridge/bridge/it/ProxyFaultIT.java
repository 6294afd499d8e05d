package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.bridge.export.LunBlockDevice;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.bridge.recovery.RecoveryStats;
import org.lunbridge.bridge.recovery.SlotState;
import org.lunbridge.iscsi.client.ClientConfig;
import org.lunbridge.iscsi.session.SessionConfig;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * Network faults from a TCP proxy between lunbridge and tgtd: a flipped byte with CRC32C digests on (detected,
 * never returned as data), resets under fio, a stalled idle session (NOP timeout), and the stale-write case: an old WRITE held in the network
 * and delivered after the session was reinstated and a newer write to the same block completed.
 */
@ExtendWith(TgtdLogOnFailure.class)
class ProxyFaultIT {
    static final String IQN = "iqn.2026-01.org.lunbridge:proxy-it";
    static final RecoveryConfig FAST = RecoveryConfig.defaults().withCommandTimeoutMillis(2_000)
            .withAbortTimeoutMillis(1_000).withLunResetTimeoutMillis(1_000).withReplacementTimeoutMillis(60_000)
            .withReconnectMillis(200, 1_000);

    TgtdTarget tgtd;
    FaultProxy proxy;
    Bridge bridge;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        tgtd = TgtdTarget.builder().target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 32L << 20))).start();
        proxy = new FaultProxy(tgtd.portal());
    }

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    private LunBlockDevice serve(int sessions, boolean digests) throws Exception {
        ClientConfig client = ClientConfig.defaults()
                .withDigests(digests ? ClientConfig.DigestPolicy.REQUIRE_CRC32C : ClientConfig.DigestPolicy.NONE)
                .withSession(SessionConfig.defaults().withNop(2_000, 2_000));
        IscsiBackends backends = new IscsiBackends(client, Optional.empty(), Optional.empty(), sessions, 16)
                .withRecovery(FAST);
        bridge = Bridge.serve(backends, Map.of("p", "iscsi://127.0.0.1:" + proxy.port() + "/" + IQN + "/1"), false);
        return bridge.device("p");
    }

    /**
     * The newest proxied connection still open: a session's (the SendTargets discovery at open and connections
     * already reset are closed).
     */
    private FaultProxy.Link sessionLink() {
        for (int i = proxy.links.size() - 1; i >= 0; i--) {
            FaultProxy.Link l = proxy.links.get(i);
            if (!l.targetClosed && !l.client.isClosed()) {
                return l;
            }
        }
        return fail("no open proxied connection");
    }

    private static void awaitAllUp(LunBlockDevice d) {
        Tools.await(Duration.ofSeconds(30), "all sessions up", () -> {
            for (int s = 0; s < d.pool().sessions(); s++) {
                if (d.recovery().slotState(s) != SlotState.UP) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void givenDigestsOn_whenAByteOfReadDataIsFlipped_thenDetectedReconnectedAndTheDataIsRight() throws Exception {
        // tgt offers None only unless told otherwise.
        tgtd.updateTargetParam(tgtd.tid(IQN), "HeaderDigest", "CRC32C,None");
        tgtd.updateTargetParam(tgtd.tid(IQN), "DataDigest", "CRC32C,None");
        LunBlockDevice d = serve(1, true);
        byte[] written = new byte[4 << 20];
        new Random(7).nextBytes(written);
        d.write(0, ByteBuffer.wrap(written), false);
        d.flush();
        FaultProxy.Link link = sessionLink();
        link.corruptDownstream(1 << 20); // inside the Data-In stream of the reads below
        byte[] read = new byte[written.length];
        for (int off = 0; off < read.length; off += 65536) {
            d.read(off, ByteBuffer.wrap(read, off, 65536));
        }
        assertTrue(link.corrupted(), "the proxy flipped a byte");
        assertArrayEquals(written, read, "corrupted data must never be returned");
        RecoveryStats.Snapshot s = d.recovery().stats();
        assertTrue(s.get("connection_losses") >= 1, s.format(""));
        assertTrue(s.get("reinstatements") >= 1, s.format(""));
        assertTrue(s.get("replays") >= 1, s.format(""));
    }

    @Test
    void givenConnectionsResetTwice_whenFioRuns_thenVerifiesWithZeroErrors() throws Exception {
        LunBlockDevice d = serve(2, false);
        Process fio = Tools.start(dir.resolve("fio.log"), "fio", "--name=proxy", "--ioengine=nbd",
                "--uri=" + bridge.uri("p"), "--rw=randwrite", "--bs=4k", "--iodepth=16", "--size=16M",
                "--rate=2m", "--verify=crc32c", "--verify_fatal=1", "--verify_state_save=0", "--do_verify=1", "--output-format=normal");
        Tools.await(Duration.ofSeconds(30), "writes flowing", () -> d.stats().writes() > 100);
        sessionLink().reset();
        awaitAllUp(d);
        long before = d.stats().writes();
        Tools.await(Duration.ofSeconds(30), "writes flowing again", () -> d.stats().writes() > before + 100);
        sessionLink().reset();
        awaitAllUp(d);
        assertTrue(fio.waitFor(120, TimeUnit.SECONDS), "fio finished");
        String log = Files.readString(dir.resolve("fio.log"));
        assertEquals(0, fio.exitValue(), log);
        assertTrue(log.contains("err= 0"), log);
        assertFalse(log.contains("verify: bad"), log);
        assertTrue(d.recovery().stats().get("reinstatements") >= 2, d.recovery().stats().format(""));
    }

    @Test
    void givenIdleSessionWhoseTargetStopsAnswering_thenNopTimeoutDetectsItAndTheSessionIsReinstated()
            throws Exception {
        LunBlockDevice d = serve(1, false);
        sessionLink().stall();
        // NOP-Out every 2 s of silence, dead 2 s later (SessionConfig.withNop above).
        Tools.await(Duration.ofSeconds(20), "NOP timeout", () -> d.recovery().stats().get("connection_losses") >= 1);
        awaitAllUp(d);
        byte[] block = new byte[4096];
        d.read(0, ByteBuffer.wrap(block));
        assertEquals(1, d.recovery().stats().get("reinstatements"));
    }

    @Test
    void givenOldWriteHeldInTheNetwork_whenDeliveredAfterReinstatementAndANewerWrite_thenTheNewerDataStays()
            throws Exception {
        LunBlockDevice d = serve(1, false);
        byte[] oldData = new byte[4096];
        byte[] newData = new byte[4096];
        Arrays.fill(oldData, (byte) 0xA1);
        Arrays.fill(newData, (byte) 0xB2);
        FaultProxy.Link first = sessionLink();
        first.holdUpstream();
        CompletableFuture<Void> w1 = CompletableFuture.runAsync(() -> {
            try {
                d.write(0, ByteBuffer.wrap(oldData), false);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // The old WRITE is stuck in the network; recovery gives up on the session and reinstates it.
        w1.get(60, TimeUnit.SECONDS);
        assertTrue(d.recovery().stats().get("reinstatements") >= 1);
        assertTrue(contains(first.heldCopy(), oldData), "the stale WRITE (with its data) is held in the proxy");
        d.write(0, ByteBuffer.wrap(newData), false);
        d.flush();
        first.releaseHeld(); // the stale copy arrives late on the old connection
        Tools.await(Duration.ofSeconds(15), "tgtd closed the reinstated session's old connection",
                () -> first.targetClosed);
        byte[] now = new byte[4096];
        d.read(0, ByteBuffer.wrap(now));
        assertArrayEquals(newData, now, "the newer write must win");
        byte[] onDisk = new byte[4096];
        try (var ch = java.nio.channels.FileChannel.open(tgtd.backingFile(IQN, 1))) {
            ch.read(ByteBuffer.wrap(onDisk), 0);
        }
        assertArrayEquals(newData, onDisk);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
