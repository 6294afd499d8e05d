package org.lunbridge.bridge.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.lunbridge.bridge.recovery.RecoveringExecutor;
import org.lunbridge.bridge.recovery.StatusPolicy;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * Runs CDBs through the {@link RecoveringExecutor}: several at once (a split NBD request). Retrying on SCSI status,
 * timeouts and reconnects are the executor's ({@link org.lunbridge.bridge.recovery.StatusPolicy} is the one status
 * table); a future that fails here has exhausted recovery.
 */
final class CommandRunner {

    private final RecoveringExecutor executor;
    private final ExportStats stats;

    CommandRunner(RecoveringExecutor executor, ExportStats stats) {
        this.executor = executor;
        this.stats = stats;
    }

    /** One command, blocking; returns its successful outcome. */
    ScsiOutcome run(Cdb cdb, ByteBuffer data) throws IOException {
        return await(submit(cdb, data));
    }

    /**
     * Runs {@code cdbs[i]} with {@code buffers[i]} concurrently and waits for all of them, even after a failure
     * (the buffers belong to the caller again only then). Throws the first failure.
     */
    void runAll(List<Cdb> cdbs, List<ByteBuffer> buffers) throws IOException {
        if (cdbs.size() == 1) {
            run(cdbs.get(0), buffers.get(0));
            return;
        }
        List<CompletableFuture<ScsiOutcome>> futures = new ArrayList<>(cdbs.size());
        for (int i = 0; i < cdbs.size(); i++) {
            futures.add(submit(cdbs.get(i), buffers.get(i)));
        }
        IOException first = null;
        for (CompletableFuture<ScsiOutcome> f : futures) {
            try {
                await(f);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private CompletableFuture<ScsiOutcome> submit(Cdb cdb, ByteBuffer data) {
        stats.dispatched(cdb);
        return executor.submit(cdb, data);
    }

    /** GOOD, CONDITION MET (PRE-FETCH: SBC-4 §5.9), or RECOVERED ERROR (SPC-4: completed, recovered). */
    static boolean isSuccess(ScsiOutcome outcome) {
        return StatusPolicy.isSuccess(outcome);
    }

    /** The outcome; a failed future (lost connection, aborted task) as its IOException. Uninterruptible. */
    static ScsiOutcome await(CompletableFuture<ScsiOutcome> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.toString(), cause);
        }
    }
}
