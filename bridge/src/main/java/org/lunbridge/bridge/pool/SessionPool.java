package org.lunbridge.bridge.pool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * N paths (iSCSI sessions, one per ISID slot) to one LUN. Each command goes to the least-loaded healthy path whose
 * queue is not full; when every healthy path is full the submitter blocks (callers are virtual threads) until a
 * command completes: the pool never queues without bound. A path's queue depth is the smaller of the configured
 * depth and the target's CmdSN window.
 *
 * <p>A lost path is skipped; its outstanding commands already failed (the session fails them with
 * {@code ConnectionLostException}, which the export maps to EIO). With no healthy path left, submissions fail at
 * once. Slots keep their number so a recovery layer can re-open them with {@link #reopen(int)}.
 */
public final class SessionPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.pool");
    /** Re-check path health this often while blocked, in case a path died with no command on it to complete. */
    private static final long HEALTH_RECHECK_MILLIS = 500;

    /** One slot: its path and the commands it has outstanding. Guarded by {@link #lock}. */
    private static final class Slot {
        ScsiPath path;
        int inFlight;
        long dispatched;
        /** Lowered on TASK SET FULL (SAM-5 §5.3: the target's task set is smaller than our depth). */
        int depthLimit = Integer.MAX_VALUE;
        /** False while the recovery layer has not vouched for the path (re-opened, LUN identity unchecked). */
        boolean admitted = true;

        Slot(ScsiPath path) {
            this.path = path;
        }
    }

    private final PathFactory factory;
    private final int queueDepth;
    private final List<Slot> slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private boolean closed;
    /** Where the next scan starts. Guarded by {@link #lock}. */
    private long rotation;

    /**
     * @param paths the open paths, in slot order
     * @param queueDepth commands each path may have outstanding, >= 1
     * @param factory re-opens a slot (may be null in tests that never re-open)
     */
    public SessionPool(List<? extends ScsiPath> paths, int queueDepth, PathFactory factory) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("paths: empty (expected: at least one session)");
        }
        if (queueDepth < 1) {
            throw new IllegalArgumentException("queueDepth: " + queueDepth + " (expected: >= 1)");
        }
        this.factory = factory;
        this.queueDepth = queueDepth;
        this.slots = new ArrayList<>();
        for (ScsiPath p : paths) {
            slots.add(new Slot(p));
        }
    }

    /** Opens {@code sessions} paths (slots 0..n-1); on failure closes those already open. */
    public static SessionPool open(PathFactory factory, int sessions, int queueDepth) throws IOException {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions: " + sessions + " (expected: >= 1)");
        }
        List<ScsiPath> opened = new ArrayList<>();
        try {
            for (int slot = 0; slot < sessions; slot++) {
                opened.add(factory.open(slot));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(ScsiPath::close);
            throw e;
        }
        return new SessionPool(opened, queueDepth, factory);
    }

    /**
     * Dispatches {@code cdb} to the least-loaded healthy path, blocking while all are full.
     *
     * @throws IOException if no path is healthy or the pool is closed
     * @throws InterruptedIOException if interrupted while waiting for a free queue slot
     */
    public CompletableFuture<ScsiOutcome> submit(Cdb cdb, ByteBuffer data) throws IOException {
        return dispatch(cdb, data).future();
    }

    /** Where {@link #dispatch} sent a command: the recovery layer needs the path for TMFs and loss handling. */
    /**
     * @param future        completes after the pool released the slot's queue entry
     * @param sessionFuture the session's own future, which ABORT TASK names the task by
     */
    public record Dispatch(int slot, ScsiPath path, CompletableFuture<ScsiOutcome> future,
                           CompletableFuture<ScsiOutcome> sessionFuture) {}

    /** As {@link #submit}, also telling which slot and path took the command. */
    public Dispatch dispatch(Cdb cdb, ByteBuffer data) throws IOException {
        Slot chosen;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("session pool is closed");
                }
                chosen = null;
                boolean anyHealthy = false;
                // Ties rotate, so that equally idle sessions share the load.
                int n = slots.size();
                int start = (int) (rotation++ % n);
                for (int i = 0; i < n; i++) {
                    Slot s = slots.get((start + i) % n);
                    if (!s.admitted || !s.path.isHealthy()) {
                        continue;
                    }
                    anyHealthy = true;
                    if (s.inFlight < depthOf(s) && (chosen == null || s.inFlight < chosen.inFlight)) {
                        chosen = s;
                    }
                }
                if (!anyHealthy) {
                    throw new IOException("no healthy iSCSI session left (" + slots.size() + " lost)");
                }
                if (chosen != null) {
                    break;
                }
                try {
                    slotFreed.await(HEALTH_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for a free iSCSI queue slot");
                }
            }
            chosen.inFlight++;
            chosen.dispatched++;
        } finally {
            lock.unlock();
        }
        Slot slot = chosen;
        ScsiPath path = slot.path;
        CompletableFuture<ScsiOutcome> future;
        try {
            future = path.execute(cdb, data);
        } catch (RuntimeException e) {
            release(slot);
            throw e;
        }
        return new Dispatch(slots.indexOf(slot), path, future.whenComplete((outcome, failure) -> release(slot)),
                future);
    }

    private int depthOf(Slot s) {
        return Math.max(1, Math.min(Math.min(queueDepth, s.depthLimit), s.path.targetQueueDepth()));
    }

    /**
     * TASK SET FULL on {@code index}: that session may now keep one command fewer outstanding than it had (Linux
     * {@code scsi_handle_queue_full}), never fewer than one. Returns the new limit.
     */
    public int lowerQueueDepth(int index) {
        lock.lock();
        try {
            Slot s = slots.get(index);
            s.depthLimit = Math.max(1, Math.min(depthOf(s), Math.max(1, s.inFlight)) - 1);
            return s.depthLimit;
        } finally {
            lock.unlock();
        }
    }

    /** The queue depth slot {@code index} uses now. */
    public int queueDepth(int index) {
        lock.lock();
        try {
            return depthOf(slots.get(index));
        } finally {
            lock.unlock();
        }
    }

    private void release(Slot slot) {
        lock.lock();
        try {
            slot.inFlight--;
            slotFreed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Number of slots. */
    public int sessions() {
        return slots.size();
    }

    public int healthySessions() {
        lock.lock();
        try {
            return (int) slots.stream().filter(s -> s.admitted && s.path.isHealthy()).count();
        } finally {
            lock.unlock();
        }
    }

    /** Commands outstanding on slot {@code slot} now. */
    public int inFlight(int slot) {
        lock.lock();
        try {
            return slots.get(slot).inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Commands ever dispatched to slot {@code slot}. */
    public long dispatched(int slot) {
        lock.lock();
        try {
            return slots.get(slot).dispatched;
        } finally {
            lock.unlock();
        }
    }

    /** The path in slot {@code slot} now. */
    public ScsiPath path(int slot) {
        lock.lock();
        try {
            return slots.get(slot).path;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether slot {@code index} takes commands: the recovery layer closes a slot before re-opening it and admits
     * it again only after checking that the same LUN answers, so no command reaches an unverified session.
     */
    public void admit(int index, boolean admitted) {
        lock.lock();
        try {
            slots.get(index).admitted = admitted;
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #reopen} can work (the pool has a factory). */
    public boolean canReopen() {
        return factory != null;
    }

    /** The configured per-session queue depth. */
    public int queueDepth() {
        return queueDepth;
    }

    /**
     * Replaces a lost slot's path with a fresh one from the factory (same slot number, hence same ISID). The hook
     * the recovery layer will call; the old path is closed.
     */
    public void reopen(int index) throws IOException {
        if (factory == null) {
            throw new IllegalStateException("pool has no path factory");
        }
        ScsiPath fresh = factory.open(index);
        ScsiPath old;
        lock.lock();
        try {
            old = slots.get(index).path;
            slots.get(index).path = fresh;
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "re-opened {0} (was {1})", fresh.describe(), old.describe());
        old.close();
    }

    /** Logs out of every session; outstanding commands fail. */
    @Override
    public void close() {
        List<ScsiPath> paths = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            slots.forEach(s -> paths.add(s.path));
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
        for (ScsiPath p : paths) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + p.describe() + " failed", e);
            }
        }
    }
}
