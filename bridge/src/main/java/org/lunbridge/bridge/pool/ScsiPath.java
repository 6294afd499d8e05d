package org.lunbridge.bridge.pool;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * One command channel to one LUN: an iSCSI session in a {@link SessionPool} slot. The narrow interface the bridge
 * needs from the session layer, so the pool and the export can be tested with fakes.
 *
 * <p>Threading: {@link #execute} may be called from many threads; the future may complete on any thread (the
 * session's receive thread), so completion callbacks must not block.
 */
public interface ScsiPath extends AutoCloseable {

    /** The pool slot this path occupies: its ISID qualifier, stable across re-opening (RFC 7143 §6.3.5). */
    int slot();

    /**
     * Sends {@code cdb}; {@code data} is the data-in or data-out buffer per {@link Cdb#direction()} (between its
     * position and limit, exactly {@link Cdb#transferLengthBytes()} bytes), or null for no data. The buffer must
     * not be touched until the future completes. A lost connection completes the future exceptionally.
     */
    CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data);

    /** False once the connection is lost or closed: the pool stops dispatching to it. */
    boolean isHealthy();

    /**
     * Commands the target lets this path have outstanding (the CmdSN window, RFC 7143 §4.2.2.1), or
     * {@link Integer#MAX_VALUE} when unknown; the pool uses the smaller of this and its own queue depth.
     */
    default int targetQueueDepth() {
        return Integer.MAX_VALUE;
    }

    /**
     * ABORT TASK (RFC 7143 §11.5.1) for a future {@link #execute} returned; completes with the TMF response code.
     * Recovery hook; paths without task management fail it.
     */
    default CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(describe() + ": no ABORT TASK"));
    }

    /** LOGICAL UNIT RESET on this path's LUN (§11.5.1 function 5); completes with the TMF response code. */
    default CompletableFuture<Integer> logicalUnitReset() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(describe() + ": no LUN RESET"));
    }

    /**
     * Drops the connection now, without logout: every outstanding command fails as on connection loss. The
     * recovery layer's last resort before session reinstatement. Must not block on the target.
     */
    default void drop(String reason) {
        close();
    }

    /** The negotiated DefaultTime2Wait in seconds (RFC 7143 §13.15): the least delay before logging in again. */
    default int defaultTime2WaitSeconds() {
        return 0;
    }

    /** For logs, e.g. {@code "slot 1 to 127.0.0.1:3260"}. */
    String describe();

    /** Logs out; outstanding commands fail. */
    @Override
    void close();
}
