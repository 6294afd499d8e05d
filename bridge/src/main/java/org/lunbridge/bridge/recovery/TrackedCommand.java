package org.lunbridge.bridge.recovery;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.session.ScsiOutcome;

/** One caller's command across all its attempts. Mutable fields are guarded by the executor's lock. */
final class TrackedCommand {
    /** Submission order: replay and write ordering follow it. */
    final long id;
    final Cdb cdb;
    /** The caller's buffer; each attempt gets a duplicate (own position, same bytes). */
    final ByteBuffer data;
    final LbaSpan span;
    /** What the caller waits for: completes once, with a success outcome or an IOException. */
    final CompletableFuture<ScsiOutcome> result = new CompletableFuture<>();

    CommandState state = CommandState.QUEUED;
    /** Incremented per dispatch; callbacks carrying an older value are late and ignored. */
    int attempt;
    int slot = -1;
    ScsiPath path;
    CompletableFuture<ScsiOutcome> sessionFuture;
    RecoveryClock.Cancellable timer = RecoveryClock.Cancellable.NONE;
    int immediateRetries;
    int backoffs;
    /** Timed out or lost once: may still exist at the target until proven gone, so it orders newer writes. */
    boolean replay;
    /** Held back behind an older overlapping command in recovery. */
    boolean held;
    /** QUEUED with no healthy session to go to. */
    boolean waiting;
    /** The path it was lost on: replay waits for that slot's reinstatement (RFC 7143 §6.3.5). */
    ScsiPath lostPath;
    int lostSlot = -1;

    TrackedCommand(long id, Cdb cdb, ByteBuffer data) {
        this.id = id;
        this.cdb = cdb;
        this.data = data;
        this.span = LbaSpan.of(cdb);
    }

    void moveTo(CommandState next) {
        state = state.checkTransition(next);
    }

    ByteBuffer freshData() {
        return data == null ? null : data.duplicate();
    }

    /** Whether newer commands must be ordered after it. */
    boolean orders() {
        return !state.terminal() && (replay || held);
    }

    /** Whether {@code older}, still ordering, must finish before this command may go. */
    boolean mustFollow(TrackedCommand older) {
        return older.span.modifies() && (span.barrier() || span.modifies() && span.overlaps(older.span));
    }

    @Override
    public String toString() {
        return "task " + id + " " + cdb.description() + " " + span;
    }
}
