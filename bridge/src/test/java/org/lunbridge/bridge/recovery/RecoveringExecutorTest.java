package org.lunbridge.bridge.recovery;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.ScsiConstants;
import org.lunbridge.iscsi.session.ScsiOutcome;

/** The recovery policy over scripted sessions and a hand-driven clock: every timeout and race is deterministic. */
class RecoveringExecutorTest {

    static final RecoveryConfig CONFIG = new RecoveryConfig(30_000, 15_000, 30_000, 120_000, 1_000, 30_000, 5, 7);

    final ManualClock clock = new ManualClock();
    final ScriptedPath.Disk disk = new ScriptedPath.Disk();
    final List<ScriptedPath> opened = new ArrayList<>();
    volatile boolean targetUp = true;
    final AtomicInteger capacityChanges = new AtomicInteger();

    RecoveringExecutor executor(int sessions, RecoveryConfig config) throws IOException {
        SessionPool pool = SessionPool.open(slot -> {
            if (!targetUp) {
                throw new IOException("connection refused");
            }
            ScriptedPath p = new ScriptedPath(disk, slot);
            opened.add(p);
            return p;
        }, sessions, 8);
        return new RecoveringExecutor(pool, config, clock, Optional.of("naa.5000000000000042"),
                new RecoveringExecutor.Listener() {
                    @Override
                    public void capacityChanged() {
                        capacityChanges.incrementAndGet();
                    }
                });
    }

    static Cdb write(long lba) {
        return BlockCommands.write16(new BlockRange(lba, 1), 8, false);
    }

    static ByteBuffer data(long value) {
        return ByteBuffer.allocate(8).putLong(0, value);
    }

    static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void givenGood_whenSubmitted_thenCompletedOnceAndNothingLeft() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(3), data(7));
        opened.get(0).answerGood(0);
        clock.advance(60_000);
        assertInstanceOf(ScsiOutcome.Good.class, f.get());
        assertEquals(7, disk.blocks[3]);
        assertEquals(0, ex.liveCommands());
        assertEquals(0, ex.stats().get("command_timeouts"));
    }

    @Test
    void givenNoAnswer_whenCommandTimesOut_thenAbortTaskAndReplayOnlyAfterTheAbortIsConfirmed() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath p = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(0xA));
        clock.advance(29_999);
        assertTrue(p.aborts.isEmpty());
        clock.advance(1);
        assertEquals(1, p.aborts.size());
        assertEquals(1, p.sent.size(), "nothing replayed before the target confirms the task gone");
        p.aborted(0);
        p.aborts.get(0).complete(0);
        clock.runPending();
        assertEquals(2, p.sent.size());
        p.answerGood(1);
        assertInstanceOf(ScsiOutcome.Good.class, f.get());
        assertEquals(1, ex.stats().get("aborts"));
        assertEquals(1, ex.stats().get("replays"));
        assertEquals(0, ex.stats().get("lun_resets"));
    }

    @Test
    void givenAbortAndResetUnanswered_whenTimeoutsPass_thenDropReinstateWithSameSlotAndReplay() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath old = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(2), data(0xB));
        clock.advance(30_000);
        assertEquals(1, old.aborts.size());
        clock.advance(15_000);
        assertEquals(1, old.resets.size());
        assertFalse(old.dropped);
        clock.advance(30_000);
        assertTrue(old.dropped);
        assertEquals(SlotState.DOWN, ex.slotState(0));
        assertEquals(1, opened.size(), "reinstatement waits for the back-off");
        clock.advance(1_250);
        assertEquals(2, opened.size());
        ScriptedPath fresh = opened.get(1);
        assertEquals(0, fresh.slot, "same slot, hence same ISID: session reinstatement");
        assertEquals(SlotState.UP, ex.slotState(0));
        clock.runPending();
        assertEquals(1, fresh.sent.size());
        assertEquals(1, old.sent.size(), "never re-sent on the dropped session");
        fresh.answerGood(0);
        assertInstanceOf(ScsiOutcome.Good.class, f.get());
        RecoveryStats.Snapshot s = ex.stats();
        assertEquals(1, s.get("command_timeouts"));
        assertEquals(1, s.get("lun_resets"));
        assertEquals(1, s.get("connection_drops"));
        assertEquals(1, s.get("reinstatements"));
        assertEquals(1, s.get("replays"));
    }

    @Test
    void givenAbortSent_whenTheTaskAnswersLateGood_thenCompletedOnceAndNoEscalation() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath p = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(4), data(1));
        clock.advance(30_000);
        assertEquals(1, p.aborts.size());
        p.answerGood(0);
        p.aborts.get(0).complete(1); // TASK DOES NOT EXIST: it had completed
        clock.advance(60_000);
        assertInstanceOf(ScsiOutcome.Good.class, f.get());
        assertTrue(p.resets.isEmpty());
        assertEquals(1, p.sent.size());
        assertEquals(0, ex.stats().get("replays"));
        assertEquals(0, ex.liveCommands());
    }

    @Test
    void givenTmfRacingTeardown_whenConnectionDiesBeforeTheAbortAnswer_thenNoResetAndReplayAfterReinstatement()
            throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath old = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(5), data(5));
        clock.advance(30_000);
        old.loseConnection();
        clock.advance(20_000);
        assertTrue(old.resets.isEmpty(), "the abort's failure must not escalate a command already lost");
        assertEquals(0, ex.stats().get("lun_resets"));
        ScriptedPath fresh = opened.get(1);
        clock.runPending();
        fresh.answerGood(0);
        assertInstanceOf(ScsiOutcome.Good.class, f.get());
    }

    /** Answers GOOD the command carrying {@code value}, on whichever session has it; false if none has. */
    boolean answerWrite(long value) {
        for (ScriptedPath p : opened) {
            for (int i = 0; i < p.sent.size(); i++) {
                ScriptedPath.Sent s = p.sent.get(i);
                if (p.healthy && !s.future.isDone() && s.data.getLong(0) == value) {
                    p.answerGood(i);
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void givenStaleWrite_whenNewerOverlappingWriteArrivesDuringRecovery_thenHeldAndTheNewerDataWins()
            throws Exception {
        RecoveringExecutor ex = executor(2, CONFIG);
        CompletableFuture<ScsiOutcome> w1 = ex.submit(write(9), data(0x01D));
        ScriptedPath first = opened.stream().filter(p -> !p.sent.isEmpty()).findFirst().orElseThrow();
        first.loseConnection();
        // The kernel resends after its own timeout: a newer write to the same block, healthy session available.
        CompletableFuture<ScsiOutcome> w2 = ex.submit(write(9), data(0x2EE));
        CompletableFuture<ScsiOutcome> other = ex.submit(write(10), data(0x333));
        assertTrue(answerWrite(0x333), "a write to other blocks is not held");
        assertFalse(answerWrite(0x2EE), "the newer write must wait for the older one's replay");
        assertEquals(1, ex.stats().get("held_writes"));
        clock.advance(1_250);
        assertEquals(SlotState.UP, ex.slotState(first.slot));
        assertFalse(answerWrite(0x2EE), "still held while the replayed older write is outstanding");
        assertTrue(answerWrite(0x01D));
        clock.runPending();
        w1.get();
        assertTrue(answerWrite(0x2EE));
        w2.get();
        other.get();
        assertEquals(0x2EE, disk.blocks[9], disk.log.toString());
        assertEquals(0x333, disk.blocks[10]);
    }

    @Test
    void givenTargetGone_whenReplacementTimeoutPasses_thenEioFailFastAndServiceResumesWhenItReturns()
            throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG.withReplacementTimeoutMillis(5_000));
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(1));
        targetUp = false;
        opened.get(0).loseConnection();
        CompletableFuture<ScsiOutcome> waiting = ex.submit(write(2), data(2));
        clock.advance(4_999);
        assertFalse(f.isDone());
        assertFalse(waiting.isDone(), "within the replacement timeout new commands wait");
        clock.advance(1);
        RecoveryException e = assertInstanceOf(RecoveryException.class, failure(f));
        assertEquals(RecoveryException.Reason.REPLACEMENT_TIMEOUT, e.reason());
        assertInstanceOf(RecoveryException.class, failure(waiting));
        assertInstanceOf(RecoveryException.class, failure(ex.submit(write(3), data(3))), "fail fast");
        targetUp = true;
        clock.advance(60_000);
        assertEquals(SlotState.UP, ex.slotState(0));
        CompletableFuture<ScsiOutcome> after = ex.submit(write(4), data(4));
        assertTrue(answerWrite(4));
        after.get();
        assertTrue(ex.stats().get("replacement_timeout_failures") >= 2);
        assertTrue(ex.stats().get("reconnect_failures") >= 1);
    }

    @Test
    void givenReplacementTimeoutZero_whenConnectionLost_thenCommandsFailAtOnce() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG.withReplacementTimeoutMillis(0));
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(1));
        opened.get(0).loseConnection();
        assertInstanceOf(RecoveryException.class, failure(f));
    }

    @Test
    void givenRecoveryInProgress_whenClosed_thenEverythingFailsOnceAndNoReconnectFollows() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        CompletableFuture<ScsiOutcome> lost = ex.submit(write(1), data(1));
        opened.get(0).loseConnection();
        ex.close();
        RecoveryException e = assertInstanceOf(RecoveryException.class, failure(lost));
        assertEquals(RecoveryException.Reason.CLOSED, e.reason());
        clock.advance(600_000);
        assertEquals(1, opened.size(), "no reinstatement after close");
        assertEquals(SlotState.CLOSED, ex.slotState(0));
        assertEquals(0, ex.liveCommands());
        assertInstanceOf(RecoveryException.class, failure(ex.submit(write(2), data(2))));
    }

    @Test
    void givenAbortOutstanding_whenClosed_thenLateAnswersAreHarmless() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath p = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(1));
        clock.advance(30_000);
        ex.close();
        p.aborted(0);
        p.aborts.get(0).complete(0);
        clock.advance(600_000);
        assertInstanceOf(RecoveryException.class, failure(f));
        assertTrue(p.resets.isEmpty());
        assertEquals(1, p.sent.size());
    }

    @Test
    void givenDifferentLunAfterReconnect_thenFencedAndNothingIsWritten() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(1));
        opened.get(0).loseConnection();
        disk.naaLastByte = 0x43;
        clock.advance(1_250);
        RecoveryException e = assertInstanceOf(RecoveryException.class, failure(f));
        assertEquals(RecoveryException.Reason.LUN_IDENTITY_CHANGED, e.reason());
        assertEquals(SlotState.FENCED, ex.slotState(0));
        assertTrue(opened.get(1).sent.isEmpty());
        assertTrue(opened.get(1).dropped);
        assertInstanceOf(RecoveryException.class, failure(ex.submit(write(2), data(2))));
        assertEquals(1, ex.stats().get("identity_mismatches"));
    }

    @Test
    void givenStatuses_thenTheTableDecides() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath p = opened.get(0);
        CompletableFuture<ScsiOutcome> ua = ex.submit(write(1), data(1));
        p.answer(0, ScriptedPath.checkCondition(ScsiConstants.UNIT_ATTENTION, 0x29, 0));
        clock.runPending();
        p.answer(1, ScriptedPath.checkCondition(ScsiConstants.UNIT_ATTENTION, 0x2A, 0x09));
        clock.runPending();
        assertEquals(1, capacityChanges.get());
        p.answer(2, new ScsiOutcome.OtherStatus(ScsiConstants.TASK_SET_FULL, 0, false, false));
        clock.advance(1_000);
        assertEquals(1, ex.stats().get("queue_depth_reductions"));
        p.answer(3, new ScsiOutcome.OtherStatus(ScsiConstants.BUSY, 0, false, false));
        clock.advance(1_000);
        p.answerGood(4);
        ua.get();
        CompletableFuture<ScsiOutcome> rc = ex.submit(write(2), data(2));
        p.answer(5, new ScsiOutcome.OtherStatus(ScsiConstants.RESERVATION_CONFLICT, 0, false, false));
        clock.advance(60_000);
        assertEquals(6, p.sent.size(), "RESERVATION CONFLICT is never retried");
        assertEquals(ScsiConstants.RESERVATION_CONFLICT,
                assertInstanceOf(org.lunbridge.iscsi.scsi.ScsiStatusException.class, failure(rc)).status());
        CompletableFuture<ScsiOutcome> medium = ex.submit(write(3), data(3));
        p.answer(6, ScriptedPath.checkCondition(ScsiConstants.MEDIUM_ERROR, 0x0C, 0));
        assertInstanceOf(CheckConditionException.class, failure(medium));
    }

    @Test
    void givenEndlessUnitAttentions_thenBoundedAndFailed() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        ScriptedPath p = opened.get(0);
        CompletableFuture<ScsiOutcome> f = ex.submit(write(1), data(1));
        for (int i = 0; i <= CONFIG.unitAttentionRetries(); i++) {
            p.answer(i, ScriptedPath.checkCondition(ScsiConstants.UNIT_ATTENTION, 0x29, 0));
            clock.runPending();
        }
        assertInstanceOf(CheckConditionException.class, failure(f));
        assertEquals(CONFIG.unitAttentionRetries() + 1, p.sent.size());
    }

    @Test
    void givenFlushRacingReconnect_thenSentOnlyAfterTheReplayedFuaWriteCompleted() throws Exception {
        RecoveringExecutor ex = executor(1, CONFIG);
        Cdb fua = BlockCommands.write16(new BlockRange(6, 1), 8, true);
        CompletableFuture<ScsiOutcome> w = ex.submit(fua, data(0x6));
        opened.get(0).loseConnection();
        CompletableFuture<ScsiOutcome> flush = ex.submit(BlockCommands.synchronizeCache(false), null);
        clock.advance(1_250);
        ScriptedPath fresh = opened.get(1);
        assertEquals(1, fresh.sent.size(), "only the replayed write; the flush waits for it");
        assertArrayEquals(fua.bytes(), fresh.sent.get(0).cdb.bytes(), "replayed with its FUA bit");
        fresh.answerGood(0);
        clock.runPending();
        assertEquals(2, fresh.sent.size());
        assertEquals(ScsiConstants.SYNCHRONIZE_CACHE_10, fresh.sent.get(1).cdb.opcode() & 0xFF);
        fresh.answerGood(1);
        w.get();
        flush.get();
    }
}
