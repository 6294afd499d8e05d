package org.lunbridge.bridge.recovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.lunbridge.bridge.pool.ScsiPath;

/**
 * One pool slot's way back after its session is lost: back-off (at least DefaultTime2Wait, RFC 7143 §13.15; then
 * 1 s doubling to the cap, with jitter), re-login with the slot's ISID and TSIH 0, i.e. session reinstatement
 * (§6.3.5: the target terminates every task of the old session), a check that the same LUN answers (VPD 83h),
 * then replay. The replacement timer runs alongside. Fields are guarded by the executor's lock; the login itself
 * runs outside it.
 */
final class SlotRecovery {

    private final RecoveringExecutor ex;
    final int index;
    ScsiPath path;
    SlotState state = SlotState.UP;
    /** The replacement timeout passed while down: its commands failed, new ones fail fast if nothing is up. */
    boolean expired;
    /** Bumped per loss; timers of an earlier loss find it changed and do nothing. */
    private long generation;
    private int failedAttempts;
    private RecoveryClock.Cancellable reconnectTimer = RecoveryClock.Cancellable.NONE;
    private RecoveryClock.Cancellable replacementTimer = RecoveryClock.Cancellable.NONE;

    SlotRecovery(RecoveringExecutor executor, int index, ScsiPath path) {
        this.ex = executor;
        this.index = index;
        this.path = path;
    }

    /** The escalation wants {@code lostPath} dropped; false if the slot is not UP on it (someone else is on it). */
    boolean terminate(ScsiPath lostPath) {
        if (state != SlotState.UP || path != lostPath) {
            return false;
        }
        state = state.checkTransition(SlotState.TERMINATING);
        return true;
    }

    /** {@code lostPath} is gone. Once per path: later reports of the same loss do nothing. Under the lock. */
    void lost(ScsiPath lostPath, String why, List<Runnable> after) {
        if (path != lostPath || (state != SlotState.UP && state != SlotState.TERMINATING)) {
            return;
        }
        state = state.checkTransition(SlotState.DOWN);
        generation++;
        failedAttempts = 0;
        expired = false;
        ex.stats.connectionLosses.incrementAndGet();
        long gen = generation;
        long replacement = ex.config.replacementTimeoutMillis();
        if (!ex.pool.canReopen()) {
            // Nothing can bring this slot back (a pool without a factory): nothing to wait for.
            expire(gen, after);
            return;
        }
        if (replacement == 0) {
            expire(gen, after);
        } else if (replacement > 0) {
            after.add(() -> armReplacement(gen, replacement));
        }
        long delay = delayMillis(lostPath);
        after.add(() -> RecoveringExecutor.LOG.log(System.Logger.Level.WARNING,
                "{0} lost ({1}); reinstating the session in {2} ms", lostPath.describe(), why, delay));
        after.add(() -> armReconnect(gen, delay));
    }

    private void armReplacement(long gen, long millis) {
        RecoveryClock.Cancellable t = ex.clock.schedule(() -> onReplacementTimeout(gen), millis);
        ex.lock.lock();
        try {
            if (gen == generation && !ex.closed) {
                replacementTimer = t;
                return;
            }
        } finally {
            ex.lock.unlock();
        }
        t.cancel();
    }

    private void armReconnect(long gen, long millis) {
        RecoveryClock.Cancellable t = ex.clock.schedule(() -> reconnect(gen), millis);
        ex.lock.lock();
        try {
            if (gen == generation && !ex.closed) {
                reconnectTimer = t;
                return;
            }
        } finally {
            ex.lock.unlock();
        }
        t.cancel();
    }

    /** Back-off before attempt {@link #failedAttempts}: 1 s doubling to the cap, ±25 % jitter, >= Time2Wait. */
    private long delayMillis(ScsiPath p) {
        RecoveryConfig c = ex.config;
        long base = c.reconnectInitialMillis() << Math.min(failedAttempts, 20);
        base = Math.min(base, c.reconnectMaxMillis());
        long jitter = base / 4 == 0 ? 0 : ThreadLocalRandom.current().nextLong(-base / 4, base / 4 + 1);
        return Math.max(p.defaultTime2WaitSeconds() * 1000L, Math.max(1, base + jitter));
    }

    private void onReplacementTimeout(long gen) {
        List<Runnable> after = new ArrayList<>();
        ex.lock.lock();
        try {
            if (gen != generation || state == SlotState.UP || state == SlotState.CLOSED) {
                return;
            }
            expire(gen, after);
        } finally {
            ex.lock.unlock();
            after.forEach(Runnable::run);
        }
    }

    private void expire(long gen, List<Runnable> after) {
        expired = true;
        after.add(() -> RecoveringExecutor.LOG.log(System.Logger.Level.ERROR, "slot {0}: session down longer "
                + "than the replacement timeout ({1} ms); failing its commands with EIO, still reconnecting",
                index, ex.config.replacementTimeoutMillis()));
        ex.slotExpired(this, after);
    }

    /** One reinstatement attempt; runs on a clock thread (blocking login). */
    private void reconnect(long gen) {
        ex.lock.lock();
        try {
            if (ex.closed || gen != generation || state != SlotState.DOWN) {
                return;
            }
            state = state.checkTransition(SlotState.RECOVERING);
        } finally {
            ex.lock.unlock();
        }
        ScsiPath fresh = null;
        Optional<String> seen;
        // No command may reach the new session before the LUN's identity is checked.
        ex.pool.admit(index, false);
        try {
            // Same slot, same ISID, TSIH 0: the target reinstates, ending the old session's tasks (§6.3.5).
            ex.pool.reopen(index);
            fresh = ex.pool.path(index);
            seen = LunIdentity.query(fresh, ex.config.commandTimeoutMillis());
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                fresh.drop("identity check failed: " + e.getMessage());
            }
            attemptFailed(gen, e);
            return;
        }
        List<Runnable> after = new ArrayList<>();
        boolean closeFresh = false;
        ex.lock.lock();
        try {
            if (ex.closed || state != SlotState.RECOVERING) {
                closeFresh = true;
                return;
            }
            if (ex.identity.isPresent() && !ex.identity.equals(seen)) {
                state = state.checkTransition(SlotState.FENCED);
                ex.stats.identityMismatches.incrementAndGet();
                closeFresh = true;
                String expected = ex.identity.get();
                after.add(() -> RecoveringExecutor.LOG.log(System.Logger.Level.ERROR, "slot {0}: after "
                        + "reconnecting, the LUN identifies as {1} instead of {2}; export fenced, no command "
                        + "will be sent", index, seen.orElse("(none)"), expected));
                ex.fence(after);
                return;
            }
            state = state.checkTransition(SlotState.UP);
            path = fresh;
            expired = false;
            replacementTimer.cancel();
            reconnectTimer = RecoveryClock.Cancellable.NONE;
            ex.stats.reinstatements.incrementAndGet();
            after.add(0, () -> ex.pool.admit(index, true));
            ex.slotUp(this, after);
        } finally {
            ex.lock.unlock();
            if (closeFresh) {
                fresh.drop("not used: " + (ex.fenced ? "LUN identity changed" : "export closed"));
            }
            after.forEach(Runnable::run);
        }
    }

    private void attemptFailed(long gen, Exception e) {
        long delay;
        ex.lock.lock();
        try {
            if (ex.closed || gen != generation || state != SlotState.RECOVERING) {
                return;
            }
            state = state.checkTransition(SlotState.DOWN);
            failedAttempts++;
            ex.stats.reconnectFailures.incrementAndGet();
            delay = delayMillis(path);
        } finally {
            ex.lock.unlock();
        }
        RecoveringExecutor.LOG.log(System.Logger.Level.WARNING, "slot {0}: reinstatement attempt {1} failed ({2});"
                + " next in {3} ms", index, failedAttempts, e.toString(), delay);
        armReconnect(gen, delay);
    }

    /** Shutdown. Under the lock. */
    void close() {
        state = SlotState.CLOSED;
        reconnectTimer.cancel();
        replacementTimer.cancel();
    }
}
