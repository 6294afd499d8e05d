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

    /** For logs, e.g. {@code "slot 1 to 127.0.0.1:3260"}. */
    String describe();

    /** Logs out; outstanding commands fail. */
    @Override
    void close();
}
