package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * Real faults on a real target while fio writes random blocks with CRC32C checksums through lunbridge and reads
 * them back: nothing may be lost, corrupted or reported as an error to the client. Short timeouts keep each case
 * to seconds.
 */
@ExtendWith(TgtdLogOnFailure.class)
class RecoveryIT {
    static final String IQN = "iqn.2026-01.org.lunbridge:recovery-it";
    /** Short escalation steps so a stuck target is handled in ~5 s. */
    static final RecoveryConfig FAST = RecoveryConfig.defaults().withCommandTimeoutMillis(3_000)
            .withAbortTimeoutMillis(1_000).withLunResetTimeoutMillis(1_000).withReplacementTimeoutMillis(60_000)
            .withReconnectMillis(200, 1_000);

    TgtdTarget tgtd;
    Bridge bridge;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        tgtd = TgtdTarget.builder().target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 64L << 20))).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    private LunBlockDevice serve(RecoveryConfig config) throws Exception {
        bridge = Bridge.serve(IscsiBackends.defaults().withRecovery(config), Map.of("r", tgtd.iscsiUrl(IQN, 1)),
                false);
        return bridge.device("r");
    }

    /** fio randwrite + verify in the background; rate-limited so faults land mid-workload. */
    private Process fio(String size, String rate) {
        return Tools.start(dir.resolve("fio.log"), "fio", "--name=recovery", "--ioengine=nbd",
                "--uri=" + bridge.uri("r"), "--rw=randwrite", "--bs=4k", "--iodepth=16", "--size=" + size,
                "--rate=" + rate, "--verify=crc32c", "--verify_fatal=1", "--verify_state_save=0", "--do_verify=1", "--output-format=normal");
    }

    private String finish(Process fio) throws Exception {
        boolean done = fio.waitFor(120, TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("fio.log"));
        if (!done) {
            fio.destroyForcibly();
            fail("fio did not finish:\n" + log);
        }
        assertEquals(0, fio.exitValue(), log);
        assertTrue(log.contains("err= 0"), log);
        assertFalse(log.contains("verify: bad"), log);
        return log;
    }

    private static int inFlight(LunBlockDevice d) {
        int n = 0;
        for (int s = 0; s < d.pool().sessions(); s++) {
            n += d.pool().inFlight(s);
        }
        return n;
    }

    private static void awaitAllUp(LunBlockDevice d) {
        Tools.await(Duration.ofSeconds(30), "all sessions reinstated", () -> {
            for (int s = 0; s < d.pool().sessions(); s++) {
                if (d.recovery().slotState(s) != SlotState.UP) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void givenTgtdKilledWithCommandsInFlight_whenRestartedAfter5s_thenFioVerifiesWithZeroErrors() throws Exception {
        LunBlockDevice d = serve(FAST);
        Process fio = fio("24M", "4m");
        Tools.await(Duration.ofSeconds(30), "writes flowing", () -> d.stats().writes() > 200);
        // Freeze first so commands are certainly outstanding, then kill: they are lost and must be replayed.
        tgtd.pause();
        Tools.await(Duration.ofSeconds(10), "commands outstanding at the target", () -> inFlight(d) > 0);
        tgtd.kill9();
        Thread.sleep(5_000); // the outage itself, as in the scenario
        tgtd.restart();
        finish(fio);
        awaitAllUp(d);
        RecoveryStats.Snapshot s = d.recovery().stats();
        assertTrue(s.get("connection_losses") >= 1, s.format(""));
        assertTrue(s.get("reinstatements") >= 1, s.format(""));
        assertTrue(s.get("replays") >= 1, s.format(""));
        assertEquals(0, s.get("replacement_timeout_failures"), s.format(""));
    }

    @Test
    void givenTgtdStoppedLongerThanTheCommandTimeout_whenContinued_thenEscalatesAndNoClientError() throws Exception {
        LunBlockDevice d = serve(FAST);
        Process fio = fio("16M", "4m");
        Tools.await(Duration.ofSeconds(30), "writes flowing", () -> d.stats().writes() > 200);
        tgtd.pause();
        Tools.await(Duration.ofSeconds(30), "ABORT TASK after the command timeout",
                () -> d.recovery().stats().get("aborts") > 0);
        Tools.await(Duration.ofSeconds(30), "connection dropped after LUN RESET went unanswered",
                () -> d.recovery().stats().get("connection_drops") > 0);
        tgtd.resume();
        finish(fio);
        awaitAllUp(d);
        RecoveryStats.Snapshot s = d.recovery().stats();
        assertTrue(s.get("lun_resets") >= 1, s.format(""));
        assertTrue(s.get("reinstatements") >= 1, s.format(""));
        assertTrue(s.get("replays") >= 1, s.format(""));
    }

    @Test
    void givenConnectionsDeletedDuringIo_thenTransparentToTheClient() throws Exception {
        LunBlockDevice d = serve(FAST);
        Process fio = fio("16M", "4m");
        int tid = tgtd.tid(IQN);
        for (int round = 0; round < 3; round++) {
            long before = d.stats().writes();
            Tools.await(Duration.ofSeconds(30), "writes flowing", () -> d.stats().writes() > before + 100);
            awaitAllUp(d);
            assertTrue(tgtd.deleteConnections(tid) > 0);
        }
        finish(fio);
        awaitAllUp(d);
        RecoveryStats.Snapshot s = d.recovery().stats();
        assertTrue(s.get("connection_losses") >= 3, s.format(""));
        assertTrue(s.get("reinstatements") >= 3, s.format(""));
    }

    @Test
    void givenOutageLongerThanReplacementTimeout_thenEioDaemonStaysUpAndLaterIoSucceeds() throws Exception {
        LunBlockDevice d = serve(FAST.withReplacementTimeoutMillis(1_500));
        String uri = bridge.uri("r");
        Tools.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "write -P 0x11 0 64k", uri).ok();
        tgtd.kill9();
        long t0 = System.nanoTime();
        Tools.Result failed = Tools.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c",
                "write -P 0x22 0 64k", uri);
        assertTrue(failed.output().contains("Input/output error"), failed.output());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "EIO within the replacement timeout");
        assertTrue(d.recovery().stats().get("replacement_timeout_failures")
                + d.recovery().stats().get("failed_fast") >= 1);
        tgtd.restart();
        awaitAllUp(d);
        Tools.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "write -P 0x33 0 64k", uri).ok();
        Tools.Result read = Tools.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "read -P 0x33 0 64k",
                uri).ok();
        assertFalse(read.output().contains("Pattern verification failed"), read.output());
    }

    @Test
    void givenPoolOfTwo_whenOneSessionDies_thenTheOtherKeepsServingAndTheDeadOneComesBack() throws Exception {
        int tid = tgtd.tid(IQN);
        // Negotiated as the larger of both offers (RFC 7143 §13.15): a 6 s window with one session down.
        tgtd.updateTargetParam(tid, "DefaultTime2Wait", "6");
        LunBlockDevice d = serve(FAST);
        // Our own readers, not fio: fio's rate limiter waits for every outstanding I/O, including the one
        // waiting for the lost session's replay, which would hide the survivor's throughput.
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        d.read(0, ByteBuffer.allocate(4096));
                    } catch (IOException e) {
                        return;
                    }
                }
            }));
        }
        try {
            Tools.await(Duration.ofSeconds(30), "reads flowing", () -> d.stats().reads() > 100);
            var victim = tgtd.connections(tid).get(0);
            tgtd.tgtadm("--op", "delete", "--mode", "conn", "--tid", Integer.toString(tid), "--sid",
                    Long.toString(victim.sid()), "--cid", Integer.toString(victim.cid()));
            Tools.await(Duration.ofSeconds(10), "one slot down", () -> downSlot(d) >= 0);
            int down = downSlot(d);
            int up = 1 - down;
            assertEquals(SlotState.UP, d.recovery().slotState(up));
            long dispatchedUp = d.pool().dispatched(up);
            Tools.await(Duration.ofSeconds(5), "commands served by the other session while one is down",
                    () -> d.pool().dispatched(up) > dispatchedUp + 50);
            assertNotEquals(SlotState.UP, d.recovery().slotState(down), "still down: the survivor did the work");
            awaitAllUp(d);
            long dispatchedBack = d.pool().dispatched(down);
            Tools.await(Duration.ofSeconds(20), "the reinstated session takes commands again",
                    () -> d.pool().dispatched(down) > dispatchedBack + 20);
        } finally {
            stop.set(true);
        }
        for (Thread t : readers) {
            t.join(30_000);
            assertFalse(t.isAlive());
        }
        assertEquals(1, d.recovery().stats().get("reinstatements"));
        assertEquals(0, d.recovery().stats().get("replacement_timeout_failures"));
    }

    private static int downSlot(LunBlockDevice d) {
        for (int s = 0; s < d.pool().sessions(); s++) {
            if (d.recovery().slotState(s) != SlotState.UP) {
                return s;
            }
        }
        return -1;
    }
}
