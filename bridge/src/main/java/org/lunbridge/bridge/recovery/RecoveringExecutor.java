package org.lunbridge.bridge.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.ScsiStatusException;
import org.lunbridge.iscsi.session.ConnectionLostException;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.SessionClosedException;
import org.lunbridge.iscsi.session.TaskAbortedException;

/**
 * Runs SCSI commands over a {@link SessionPool} so that transient failures never reach the NBD client (anchors
 * §2.9): the status table of {@link StatusPolicy}; per-command timeout, then ABORT TASK, LOGICAL UNIT RESET, and
 * dropping the connection; session reinstatement ({@link SlotRecovery}); replay of every command not answered.
 * States and transitions: {@link CommandState}, {@link SlotState}, docs/ARCHITECTURE.md "Recovery".
 *
 * <p>Stale writes (ydb-platform/nbs#7070): a command is replayed only once the target has confirmed the old copy
 * gone: a TMF response that ended it, or reinstatement of its session (RFC 7143 §6.3.5: the target terminates all
 * tasks of the old session). A newer write overlapping a command in recovery, and a SYNCHRONIZE CACHE behind any
 * such write, are <em>held</em> until that command completes, so the old data can never land after the new.
 *
 * <p>Threads: session reader threads complete attempts; those handlers only update state under {@link #lock} and
 * hand blocking work (dispatch, TMFs, reconnects) to the {@link RecoveryClock}. No path or pool method is called
 * under the lock.
 */
public final class RecoveringExecutor implements AutoCloseable {

    static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.recovery");
    /** How often slots are checked for a session that died with no command on it. */
    static final long HEALTH_SWEEP_MILLIS = 1000;

    /** Callbacks to the export. */
    public interface Listener {
        /** A command is retried because of its SCSI status. */
        default void retried() {
        }

        /** UNIT ATTENTION 2Ah/09h: the capacity changed; re-read it (SPDK does the same). */
        default void capacityChanged() {
        }
    }

    final SessionPool pool;
    final RecoveryConfig config;
    final RecoveryClock clock;
    final RecoveryStats stats = new RecoveryStats();
    final ReentrantLock lock = new ReentrantLock();
    final Optional<String> identity;
    private final Listener listener;
    private final Escalation escalation = new Escalation(this);
    final SlotRecovery[] slots;
    /** Commands not yet completed, by id. */
    final TreeMap<Long, TrackedCommand> live = new TreeMap<>();
    /** The subset that newer writes must be ordered after. */
    final TreeMap<Long, TrackedCommand> ordering = new TreeMap<>();
    private long nextId;
    boolean closed;
    /** A different LUN answered after a reconnect: nothing may be written any more. */
    boolean fenced;
    private RecoveryClock.Cancellable sweep = RecoveryClock.Cancellable.NONE;

    /**
     * @param identity the LUN's VPD 83h identity at open; empty skips the check after reconnects
     */
    public RecoveringExecutor(SessionPool pool, RecoveryConfig config, RecoveryClock clock, Optional<String> identity,
                              Listener listener) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.listener = listener;
        this.slots = new SlotRecovery[pool.sessions()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new SlotRecovery(this, i, pool.path(i));
        }
        scheduleSweep();
    }

    /** Reads the LUN's identity over slot 0 and starts; the real clock. */
    public static RecoveringExecutor open(SessionPool pool, RecoveryConfig config, Listener listener)
            throws IOException {
        Optional<String> id = LunIdentity.query(pool.path(0), config.commandTimeoutMillis());
        if (id.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "{0}: no VPD 83h logical-unit designator; the LUN cannot be "
                    + "re-identified after a reconnect", pool.path(0).describe());
        }
        return new RecoveringExecutor(pool, config, RecoveryClock.system("lunbridge-recovery"), id, listener);
    }

    public RecoveryStats.Snapshot stats() {
        return stats.snapshot();
    }

    public Listener listener() {
        return listener;
    }

    public SessionPool pool() {
        return pool;
    }

    public RecoveryConfig config() {
        return config;
    }

    /** The slot's recovery state now. */
    public SlotState slotState(int slot) {
        lock.lock();
        try {
            return slots[slot].state;
        } finally {
            lock.unlock();
        }
    }

    /** Commands accepted and not yet completed. */
    public int liveCommands() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code cdb}; the future completes once: with a success outcome (GOOD, CONDITION MET, RECOVERED ERROR)
     * or exceptionally with an {@link IOException} ({@link ScsiStatusException} family for target errors,
     * {@link RecoveryException} when recovery gave up). May block while every session's queue is full.
     */
    public CompletableFuture<ScsiOutcome> submit(Cdb cdb, ByteBuffer data) {
        TrackedCommand c;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new RecoveryException(RecoveryException.Reason.CLOSED,
                        cdb.description() + ": export is closing"));
            }
            if (failFast()) {
                stats.failedFast.incrementAndGet();
                return CompletableFuture.failedFuture(failFastException(cdb.description()));
            }
            c = new TrackedCommand(nextId++, cdb, data);
            live.put(c.id, c);
        } finally {
            lock.unlock();
        }
        dispatch(c);
        return c.result;
    }

    // ---- dispatch and completion ---------------------------------------------------------------------------

    /** Sends {@code c} unless it must be held or wait; may block on a full pool. Never called under the lock. */
    void dispatch(TrackedCommand c) {
        int attempt;
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (c.state != CommandState.QUEUED) {
                return;
            }
            if (closed || fenced || (!anySlotUp() && failFast())) {
                fail(c, closed ? new RecoveryException(RecoveryException.Reason.CLOSED, c + ": export is closing")
                        : failFastException(c.toString()), after);
                return;
            }
            if (mustWait(c)) {
                if (!c.held) {
                    c.held = true;
                    ordering.put(c.id, c);
                    stats.heldWrites.incrementAndGet();
                    LOG.log(System.Logger.Level.DEBUG, "{0}: held behind an older write in recovery", c);
                }
                return;
            }
            c.held = false;
            if (!c.replay) {
                ordering.remove(c.id);
            }
            if (!anySlotUp()) {
                c.waiting = true;
                return;
            }
            c.waiting = false;
            c.attempt++;
            attempt = c.attempt;
            c.moveTo(CommandState.DISPATCHED);
        } finally {
            lock.unlock();
            after.forEach(Runnable::run);
        }
        SessionPool.Dispatch d;
        try {
            d = pool.dispatch(c.cdb, c.freshData());
        } catch (IOException | RuntimeException e) {
            noPathFor(c, attempt, e);
            return;
        }
        lock.lock();
        try {
            c.slot = d.slot();
            c.path = d.path();
            c.sessionFuture = d.sessionFuture();
            if (c.state == CommandState.DISPATCHED && c.attempt == attempt) {
                c.timer = clock.schedule(() -> escalation.onTimeout(c, attempt), config.commandTimeoutMillis());
            }
        } finally {
            lock.unlock();
        }
        d.future().whenComplete((outcome, failure) -> onCompletion(c, attempt, outcome, failure));
    }

    /** The pool had no healthy path (a race with a loss) or refused the command. */
    private void noPathFor(TrackedCommand c, int attempt, Exception e) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (c.attempt != attempt || c.state != CommandState.DISPATCHED) {
                return;
            }
            if (e instanceof RuntimeException || closed) {
                fail(c, e instanceof IOException io ? io : new IOException(c + ": " + e, e), after);
                return;
            }
            c.moveTo(CommandState.QUEUED);
            c.waiting = true;
        } finally {
            lock.unlock();
            after.forEach(Runnable::run);
        }
        // Find the dead slots now rather than at the next sweep; that also re-dispatches waiters if one is up.
        sweepHealth();
    }

    private void onCompletion(TrackedCommand c, int attempt, ScsiOutcome outcome, Throwable failure) {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (c.attempt != attempt || c.state.terminal() || c.state == CommandState.QUEUED
                    || c.state == CommandState.AWAITING_REPLAY || c.state == CommandState.BACKOFF) {
                // An attempt we already gave up on (aborted, lost, replayed): never completes the caller twice.
                stats.lateCompletions.incrementAndGet();
                return;
            }
            c.timer.cancel();
            if (failure != null) {
                onFailure(c, unwrap(failure), after);
            } else {
                onOutcome(c, outcome, after);
            }
        } finally {
            lock.unlock();
            after.forEach(Runnable::run);
        }
    }

    void onFailure(TrackedCommand c, Throwable cause, List<Runnable> after) {
        if (cause instanceof TaskAbortedException) {
            // A TMF response ended the task: the target confirmed it gone, so a replay cannot race it.
            c.replay = true;
            ordering.put(c.id, c);
            c.moveTo(CommandState.QUEUED);
            stats.replays.incrementAndGet();
            after.add(() -> clock.execute(() -> dispatch(c)));
        } else if (isConnectionLoss(cause, c.path)) {
            c.replay = true;
            ordering.put(c.id, c);
            c.moveTo(CommandState.AWAITING_REPLAY);
            c.lostSlot = c.slot;
            c.lostPath = c.path;
            SlotRecovery s = slots[c.slot];
            s.lost(c.path, String.valueOf(cause.getMessage()), after);
            if (s.path != c.path && s.state == SlotState.UP) {
                // Lost on a path the slot has already replaced by reinstatement: the old session is gone.
                replayNow(c, after);
            } else if (s.expired) {
                failReplacement(c, after);
            }
        } else {
            fail(c, cause instanceof IOException io ? io : new IOException(c + ": " + cause, cause), after);
        }
    }

    private void onOutcome(TrackedCommand c, ScsiOutcome outcome, List<Runnable> after) {
        StatusPolicy.Action action = StatusPolicy.decide(outcome, c.immediateRetries, c.backoffs, config);
        switch (action) {
            case SUCCESS -> {
                c.moveTo(CommandState.DONE);
                finished(c, after);
                after.add(() -> c.result.complete(outcome));
            }
            case RETRY_NOW, CAPACITY_CHANGED -> {
                c.immediateRetries++;
                stats.statusRetries.incrementAndGet();
                if (action == StatusPolicy.Action.CAPACITY_CHANGED) {
                    stats.capacityChanges.incrementAndGet();
                    after.add(listener::capacityChanged);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; retrying", c, outcome);
                c.moveTo(CommandState.QUEUED);
                after.add(listener::retried);
                after.add(() -> clock.execute(() -> dispatch(c)));
            }
            case RETRY_BACKOFF, RETRY_BACKOFF_SHRINK -> {
                long delay = StatusPolicy.backoffMillis(c.backoffs++);
                stats.backoffs.incrementAndGet();
                c.moveTo(CommandState.BACKOFF);
                int slot = c.slot;
                if (action == StatusPolicy.Action.RETRY_BACKOFF_SHRINK) {
                    stats.queueDepthReductions.incrementAndGet();
                    after.add(() -> LOG.log(System.Logger.Level.WARNING, "{0}: TASK SET FULL on slot {1}; queue "
                            + "depth lowered to {2}", c, slot, pool.lowerQueueDepth(slot)));
                }
                LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; retrying in {2} ms", c, outcome, delay);
                after.add(listener::retried);
                int attempt = c.attempt;
                after.add(() -> clock.schedule(() -> endBackoff(c, attempt), delay));
            }
            case FAIL, FAIL_NO_RETRY -> {
                IOException e;
                try {
                    outcome.throwIfNotGood(c.cdb.description());
                    e = new IOException(c + ": unexpected outcome " + outcome);
                } catch (ScsiStatusException s) {
                    e = s;
                }
                fail(c, e, after);
            }
        }
    }

    private void endBackoff(TrackedCommand c, int attempt) {
        lock.lock();
        try {
            if (c.state != CommandState.BACKOFF || c.attempt != attempt) {
                return;
            }
            c.moveTo(CommandState.QUEUED);
        } finally {
            lock.unlock();
        }
        dispatch(c);
    }

    // ---- called by SlotRecovery under the lock -------------------------------------------------------------

    /** The slot was reinstated: replay what it lost, send what waited. */
    void slotUp(SlotRecovery s, List<Runnable> after) {
        int replayed = 0;
        for (TrackedCommand c : List.copyOf(live.values())) {
            if (c.state == CommandState.AWAITING_REPLAY && c.lostSlot == s.index) {
                replayNow(c, after);
                replayed++;
            } else if (c.state == CommandState.QUEUED && c.waiting) {
                after.add(() -> clock.execute(() -> dispatch(c)));
            }
        }
        int n = replayed;
        after.add(() -> LOG.log(System.Logger.Level.WARNING, "slot {0} reinstated; replaying {1} commands",
                s.index, n));
    }

    private void replayNow(TrackedCommand c, List<Runnable> after) {
        c.moveTo(CommandState.QUEUED);
        stats.replays.incrementAndGet();
        after.add(() -> clock.execute(() -> dispatch(c)));
    }

    /** The slot stayed down past the replacement timeout: its lost commands fail; waiters too if all are down. */
    void slotExpired(SlotRecovery s, List<Runnable> after) {
        for (TrackedCommand c : List.copyOf(live.values())) {
            if (c.state == CommandState.AWAITING_REPLAY && c.lostSlot == s.index) {
                failReplacement(c, after);
            }
        }
        failWaitersIfHopeless(after);
    }

    /** A different LUN answered: fence the export (no command may go anywhere any more). */
    void fence(List<Runnable> after) {
        fenced = true;
        for (TrackedCommand c : List.copyOf(live.values())) {
            if (c.state == CommandState.AWAITING_REPLAY || c.state == CommandState.QUEUED
                    || c.state == CommandState.BACKOFF) {
                fail(c, new RecoveryException(RecoveryException.Reason.LUN_IDENTITY_CHANGED,
                        c + ": the LUN's identity changed after reconnecting; export fenced"), after);
            }
        }
    }

    private void failWaitersIfHopeless(List<Runnable> after) {
        if (anySlotUp() || !failFast()) {
            return;
        }
        for (TrackedCommand c : List.copyOf(live.values())) {
            if (c.state == CommandState.QUEUED && (c.waiting || c.held)) {
                failReplacement(c, after);
            }
        }
    }

    private void failReplacement(TrackedCommand c, List<Runnable> after) {
        stats.replacementTimeoutFailures.incrementAndGet();
        fail(c, new RecoveryException(RecoveryException.Reason.REPLACEMENT_TIMEOUT, c
                + ": iSCSI session down longer than the replacement timeout ("
                + config.replacementTimeoutMillis() + " ms)"), after);
    }

    boolean anySlotUp() {
        for (SlotRecovery s : slots) {
            if (s.state == SlotState.UP) {
                return true;
            }
        }
        return false;
    }

    /** New commands fail at once: fenced, or no session up and every down one past its replacement timeout. */
    private boolean failFast() {
        if (fenced) {
            return true;
        }
        for (SlotRecovery s : slots) {
            if (s.state == SlotState.UP || !s.expired && s.state != SlotState.FENCED) {
                return false;
            }
        }
        return true;
    }

    private RecoveryException failFastException(String what) {
        return fenced ? new RecoveryException(RecoveryException.Reason.LUN_IDENTITY_CHANGED, what
                + ": export fenced (the LUN's identity changed)")
                : new RecoveryException(RecoveryException.Reason.REPLACEMENT_TIMEOUT, what
                + ": no iSCSI session (down longer than the replacement timeout)");
    }

    /** Whether an older command still in recovery must finish first. Under the lock. */
    private boolean mustWait(TrackedCommand c) {
        if (!c.span.modifies() && !c.span.barrier()) {
            return false;
        }
        for (TrackedCommand older : ordering.headMap(c.id).values()) {
            if (older.orders() && c.mustFollow(older)) {
                return true;
            }
        }
        return false;
    }

    private void fail(TrackedCommand c, IOException e, List<Runnable> after) {
        c.timer.cancel();
        c.moveTo(CommandState.FAILED);
        finished(c, after);
        after.add(() -> c.result.completeExceptionally(e));
    }

    /** {@code c} is terminal: forget it, and let held commands it ordered go. */
    private void finished(TrackedCommand c, List<Runnable> after) {
        live.remove(c.id);
        boolean ordered = ordering.remove(c.id) != null;
        if (ordered) {
            for (TrackedCommand h : List.copyOf(ordering.tailMap(c.id).values())) {
                if (h.held && h.state == CommandState.QUEUED && !mustWait(h)) {
                    after.add(() -> clock.execute(() -> dispatch(h)));
                }
            }
        }
    }

    private static boolean isConnectionLoss(Throwable cause, ScsiPath path) {
        return cause instanceof ConnectionLostException || cause instanceof SessionClosedException
                || cause instanceof org.lunbridge.iscsi.transport.ConnectionLostException
                || path != null && !path.isHealthy();
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---- health sweep and shutdown -------------------------------------------------------------------------

    private void scheduleSweep() {
        sweep = clock.schedule(() -> {
            sweepHealth();
            lock.lock();
            try {
                if (!closed) {
                    scheduleSweep();
                }
            } finally {
                lock.unlock();
            }
        }, HEALTH_SWEEP_MILLIS);
    }

    /** Finds sessions that died with nothing outstanding, and sends waiting commands if a session is up. */
    void sweepHealth() {
        List<Runnable> after = new ArrayList<>();
        List<SlotRecovery> up = new ArrayList<>();
        lock.lock();
        try {
            for (SlotRecovery s : slots) {
                if (s.state == SlotState.UP) {
                    up.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        List<SlotRecovery> dead = up.stream().filter(s -> !s.path.isHealthy()).toList();
        lock.lock();
        try {
            for (SlotRecovery s : dead) {
                s.lost(s.path, "session found down", after);
            }
            if (anySlotUp()) {
                for (TrackedCommand c : live.values()) {
                    if (c.state == CommandState.QUEUED && c.waiting) {
                        after.add(() -> clock.execute(() -> dispatch(c)));
                    }
                }
            } else {
                failWaitersIfHopeless(after);
            }
        } finally {
            lock.unlock();
            after.forEach(Runnable::run);
        }
    }

    /**
     * Fails every command still in progress (EIO) and stops reconnecting; the pool is closed by its owner. Safe
     * during any recovery step: late completions, TMF answers and reconnects find the executor closed.
     */
    @Override
    public void close() {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sweep.cancel();
            for (SlotRecovery s : slots) {
                s.close();
            }
            for (TrackedCommand c : List.copyOf(live.values())) {
                fail(c, new RecoveryException(RecoveryException.Reason.CLOSED, c + ": export closed"), after);
            }
        } finally {
            lock.unlock();
            after.forEach(Runnable::run);
        }
        clock.close();
    }
}
