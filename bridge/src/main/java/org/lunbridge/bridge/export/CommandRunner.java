package org.lunbridge.bridge.export;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * Runs CDBs over a {@link SessionPool}: several at once (a split NBD request), each retried while the target says
 * "not now" (anchors §2.8): UNIT ATTENTION at once (SAM-5 §5.14: the command was not executed), BUSY, TASK SET
 * FULL and NOT READY / becoming ready after a randomised exponential back-off (qemu's table). Everything else is an
 * error for {@link ScsiErrors}.
 */
final class CommandRunner {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.export");
    /** Mean back-off per retry in ms (qemu block/iscsi.c iscsi_retry_times, first five). */
    private static final long[] BACKOFF_MILLIS = {8, 32, 128, 512, 2048};
    static final int UNIT_ATTENTION_RETRIES = 3;

    private final SessionPool pool;
    private final ExportStats stats;

    CommandRunner(SessionPool pool, ExportStats stats) {
        this.pool = pool;
        this.stats = stats;
    }

    /** One command, blocking; returns its successful outcome. */
    ScsiOutcome run(Cdb cdb, ByteBuffer data) throws IOException {
        return finish(cdb, data, submit(cdb, data));
    }

    /**
     * Runs {@code cdbs[i]} with {@code buffers[i]} concurrently over the pool and waits for all of them, even after
     * a failure (the buffers belong to the caller again only then). Throws the first failure.
     */
    void runAll(List<Cdb> cdbs, List<ByteBuffer> buffers) throws IOException {
        if (cdbs.size() == 1) {
            run(cdbs.get(0), buffers.get(0));
            return;
        }
        List<CompletableFuture<ScsiOutcome>> futures = new ArrayList<>(cdbs.size());
        IOException first = null;
        for (int i = 0; i < cdbs.size(); i++) {
            try {
                futures.add(submit(cdbs.get(i), buffers.get(i)));
            } catch (IOException e) {
                first = e;
                break;
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                finish(cdbs.get(i), buffers.get(i), futures.get(i));
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

    private CompletableFuture<ScsiOutcome> submit(Cdb cdb, ByteBuffer data) throws IOException {
        stats.dispatched(cdb);
        return pool.submit(cdb, data == null ? null : data.duplicate());
    }

    /** Waits for {@code future}, retrying the command per the policy above. */
    private ScsiOutcome finish(Cdb cdb, ByteBuffer data, CompletableFuture<ScsiOutcome> future) throws IOException {
        int unitAttentions = 0;
        int backoffs = 0;
        while (true) {
            ScsiOutcome outcome = await(future);
            if (isSuccess(outcome)) {
                return outcome;
            }
            Retry retry = retryOf(outcome);
            if (retry == Retry.NOW && unitAttentions < UNIT_ATTENTION_RETRIES) {
                unitAttentions++;
            } else if (retry == Retry.LATER && backoffs < BACKOFF_MILLIS.length) {
                sleepBackoff(BACKOFF_MILLIS[backoffs++]);
            } else {
                outcome.throwIfNotGood(cdb.description());
                throw new IOException(cdb.description() + ": unexpected outcome " + outcome);
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; retrying", cdb.description(), outcome);
            stats.retried();
            future = submit(cdb, data);
        }
    }

    private enum Retry { NOW, LATER, NEVER }

    private static Retry retryOf(ScsiOutcome outcome) {
        return switch (outcome) {
            case ScsiOutcome.Good g -> Retry.NEVER;
            case ScsiOutcome.OtherStatus o -> o.status() == BUSY || o.status() == TASK_SET_FULL
                    ? Retry.LATER : Retry.NEVER;
            case ScsiOutcome.CheckCondition c -> c.sense().map(CommandRunner::retryOf).orElse(Retry.NEVER);
        };
    }

    private static Retry retryOf(SenseData sense) {
        if (sense.deferred()) {
            return Retry.NEVER;
        }
        if (sense.senseKey() == UNIT_ATTENTION) {
            return Retry.NOW;
        }
        // 04h/01h LOGICAL UNIT IS IN PROCESS OF BECOMING READY: Linux sd retries it.
        if (sense.senseKey() == NOT_READY && sense.asc() == 0x04 && sense.ascq() == 0x01) {
            return Retry.LATER;
        }
        return Retry.NEVER;
    }

    /** GOOD, CONDITION MET (PRE-FETCH: SBC-4 §5.9), or RECOVERED ERROR (SPC-4: completed, recovered). */
    static boolean isSuccess(ScsiOutcome outcome) {
        return switch (outcome) {
            case ScsiOutcome.Good g -> true;
            case ScsiOutcome.OtherStatus o -> o.status() == CONDITION_MET;
            case ScsiOutcome.CheckCondition c -> c.sense().map(s -> !s.deferred()
                    && s.senseKey() == RECOVERED_ERROR).orElse(false);
        };
    }

    private static void sleepBackoff(long meanMillis) throws InterruptedIOException {
        // Exponentially distributed around the mean so that sessions do not retry in lock step.
        long millis = Math.max(1, (long) (-meanMillis * Math.log(1 - ThreadLocalRandom.current().nextDouble())));
        try {
            Thread.sleep(Math.min(millis, 4 * meanMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in retry back-off");
        }
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

    /** A CHECK CONDITION's sense, if {@code e} is one. */
    static SenseData senseOf(IOException e) {
        return e instanceof CheckConditionException c ? c.sense() : null;
    }
}
