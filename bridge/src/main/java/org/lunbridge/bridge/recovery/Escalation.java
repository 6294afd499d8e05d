package org.lunbridge.bridge.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.SessionClosedException;

/**
 * The escalation of a command that timed out (anchors §2.10, the Linux SCSI error handler's order): ABORT TASK,
 * then LOGICAL UNIT RESET, then dropping the connection so the session is reinstated. Each step is logged once at
 * WARNING. A TMF answer that leaves the command outstanding escalates like a timeout. Runs on clock threads; state
 * is the executor's, under its lock.
 */
final class Escalation {

    private final RecoveringExecutor ex;

    Escalation(RecoveringExecutor executor) {
        this.ex = executor;
    }

    void onTimeout(TrackedCommand c, int attempt) {
        ScsiPath path;
        CompletableFuture<ScsiOutcome> task;
        ex.lock.lock();
        try {
            if (c.attempt != attempt || c.state != CommandState.DISPATCHED) {
                return;
            }
            c.moveTo(CommandState.ABORTING);
            c.replay = true;
            ex.ordering.put(c.id, c);
            ex.stats.commandTimeouts.incrementAndGet();
            ex.stats.aborts.incrementAndGet();
            path = c.path;
            task = c.sessionFuture;
        } finally {
            ex.lock.unlock();
        }
        RecoveringExecutor.LOG.log(System.Logger.Level.WARNING, "{0}: no response in {1} ms on {2}; sending ABORT TASK", c,
                ex.config.commandTimeoutMillis(), path.describe());
        CompletableFuture<Integer> abort = path.abortTask(task);
        RecoveryClock.Cancellable timer = ex.clock.schedule(() -> escalateToReset(c, attempt,
                "ABORT TASK unanswered in " + ex.config.abortTimeoutMillis() + " ms"), ex.config.abortTimeoutMillis());
        abort.whenComplete((code, f) -> {
            timer.cancel();
            ex.clock.execute(() -> afterTmf(c, attempt, CommandState.ABORTING, "ABORT TASK", code, f));
        });
    }

    /**
     * A TMF answered. Its response already ended every task it covered (the session completes those before the
     * TMF's own future); if {@code c} is still waiting on it, the TMF did not reach it: escalate.
     */
    private void afterTmf(TrackedCommand c, int attempt, CommandState step, String name, Integer code,
                          Throwable f) {
        String why = f != null ? name + " failed: " + RecoveringExecutor.unwrap(f).getMessage()
                : name + " answered " + code + " but the task is still outstanding";
        if (step == CommandState.ABORTING) {
            escalateToReset(c, attempt, why);
        } else {
            escalateToDrop(c, attempt, why);
        }
    }

    private void escalateToReset(TrackedCommand c, int attempt, String why) {
        ScsiPath path;
        ex.lock.lock();
        try {
            if (c.attempt != attempt || c.state != CommandState.ABORTING) {
                return;
            }
            c.moveTo(CommandState.RESETTING);
            ex.stats.lunResets.incrementAndGet();
            path = c.path;
        } finally {
            ex.lock.unlock();
        }
        RecoveringExecutor.LOG.log(System.Logger.Level.WARNING, "{0}: {1}; sending LOGICAL UNIT RESET on {2}", c, why,
                path.describe());
        CompletableFuture<Integer> reset = path.logicalUnitReset();
        RecoveryClock.Cancellable timer = ex.clock.schedule(() -> escalateToDrop(c, attempt,
                "LOGICAL UNIT RESET unanswered in " + ex.config.lunResetTimeoutMillis() + " ms"),
                ex.config.lunResetTimeoutMillis());
        reset.whenComplete((code, f) -> {
            timer.cancel();
            ex.clock.execute(() -> afterTmf(c, attempt, CommandState.RESETTING, "LOGICAL UNIT RESET", code, f));
        });
    }

    private void escalateToDrop(TrackedCommand c, int attempt, String why) {
        ScsiPath path;
        int slot;
        ex.lock.lock();
        try {
            if (c.attempt != attempt || c.state != CommandState.RESETTING) {
                return;
            }
            path = c.path;
            slot = c.slot;
            if (!ex.slots[slot].terminate(path)) {
                // The slot is already being torn down (another command's escalation): its loss will reach us.
                return;
            }
            ex.stats.connectionDrops.incrementAndGet();
        } finally {
            ex.lock.unlock();
        }
        RecoveringExecutor.LOG.log(System.Logger.Level.WARNING, "{0}: {1}; dropping {2} to reinstate the session", c, why,
                path.describe());
        path.drop(why);
        // The drop failed every task of the session as lost (ConnectionLostException); a path that did not is
        // closed for certain now, so treat what is left the same way.
        List<Runnable> after = new ArrayList<>();
        ex.lock.lock();
        try {
            for (TrackedCommand t : List.copyOf(ex.live.values())) {
                if (t.path == path && (t.state == CommandState.DISPATCHED || t.state == CommandState.ABORTING
                        || t.state == CommandState.RESETTING)) {
                    t.timer.cancel();
                    ex.onFailure(t, new SessionClosedException("dropped: " + why), after);
                }
            }
            ex.slots[slot].lost(path, why, after);
        } finally {
            ex.lock.unlock();
            after.forEach(Runnable::run);
        }
    }
}
