package org.lunbridge.bridge.recovery;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.util.concurrent.ThreadLocalRandom;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * THE SCSI status table (anchors §2.8): what to do with each status the target returns. The only place in lunbridge
 * that retries on SCSI status; the session layer's own UNIT ATTENTION retry only covers the client package's
 * convenience calls ({@code LunSession.read/write/...}), which the bridge does not use, and the export's
 * {@code CommandRunner} no longer retries.
 *
 * <pre>
 * GOOD, CONDITION MET, RECOVERED ERROR ........ SUCCESS
 * UNIT ATTENTION 2Ah/09h capacity changed ..... CAPACITY_CHANGED: re-read capacity, retry at once
 * UNIT ATTENTION (other) ...................... RETRY_NOW (SAM-5 §5.14: the command was not executed)
 * ABORTED COMMAND, status TASK ABORTED ........ RETRY_NOW
 * NOT READY 04h/01h becoming ready ............ RETRY_BACKOFF
 * BUSY ........................................ RETRY_BACKOFF
 * TASK SET FULL ............................... RETRY_BACKOFF_SHRINK (lower that session's queue depth)
 * RESERVATION CONFLICT ........................ FAIL_NO_RETRY (another initiator holds the LUN; ScsiErrors: EIO)
 * anything else, deferred errors .............. FAIL (ScsiErrors maps the sense to an NBD error)
 * </pre>
 * Retries are bounded per command; past the bound the status fails like an unknown one.
 */
public final class StatusPolicy {

    /** Mean back-off per retry in ms (qemu block/iscsi.c {@code iscsi_retry_times}). */
    static final long[] BACKOFF_MEAN_MILLIS = {8, 32, 128, 512, 2048, 8192, 32768};

    /** What to do. */
    public enum Action { SUCCESS, CAPACITY_CHANGED, RETRY_NOW, RETRY_BACKOFF, RETRY_BACKOFF_SHRINK, FAIL_NO_RETRY, FAIL }

    private StatusPolicy() {}

    /** The table above, without retry bounds. */
    public static Action classify(ScsiOutcome outcome) {
        return switch (outcome) {
            case ScsiOutcome.Good g -> Action.SUCCESS;
            case ScsiOutcome.OtherStatus o -> switch (o.status()) {
                case CONDITION_MET -> Action.SUCCESS; // PRE-FETCH with IMMED (SBC-4 §5.9)
                case BUSY -> Action.RETRY_BACKOFF;
                case TASK_SET_FULL -> Action.RETRY_BACKOFF_SHRINK;
                case TASK_ABORTED -> Action.RETRY_NOW;
                case RESERVATION_CONFLICT -> Action.FAIL_NO_RETRY;
                default -> Action.FAIL;
            };
            case ScsiOutcome.CheckCondition c -> c.sense().map(StatusPolicy::classify).orElse(Action.FAIL);
        };
    }

    static Action classify(SenseData sense) {
        if (sense.deferred()) {
            // SPC-4 §4.5.5: an earlier acknowledged command failed; retrying this one cannot fix that.
            return Action.FAIL;
        }
        return switch (sense.senseKey()) {
            case RECOVERED_ERROR -> Action.SUCCESS;
            case UNIT_ATTENTION -> sense.asc() == 0x2A && sense.ascq() == 0x09
                    ? Action.CAPACITY_CHANGED : Action.RETRY_NOW;
            case ABORTED_COMMAND -> Action.RETRY_NOW;
            case NOT_READY -> sense.asc() == 0x04 && sense.ascq() == 0x01 ? Action.RETRY_BACKOFF : Action.FAIL;
            default -> Action.FAIL;
        };
    }

    /**
     * The action for the {@code retriesSoFar}-th non-success of this kind, with bounds applied: past
     * {@code immediateBound} immediate retries or {@link RecoveryConfig#busyRetries()} back-offs, FAIL.
     */
    public static Action decide(ScsiOutcome outcome, int immediateRetries, int backoffs, RecoveryConfig config) {
        Action a = classify(outcome);
        return switch (a) {
            case RETRY_NOW, CAPACITY_CHANGED -> immediateRetries < config.unitAttentionRetries() ? a : Action.FAIL;
            case RETRY_BACKOFF, RETRY_BACKOFF_SHRINK ->
                    backoffs < Math.min(config.busyRetries(), BACKOFF_MEAN_MILLIS.length) ? a : Action.FAIL;
            default -> a;
        };
    }

    /**
     * Delay before back-off number {@code n} (0-based): exponentially distributed around qemu's mean, so sessions
     * do not retry in lock step, capped at four times the mean.
     */
    public static long backoffMillis(int n) {
        long mean = BACKOFF_MEAN_MILLIS[Math.min(n, BACKOFF_MEAN_MILLIS.length - 1)];
        long millis = (long) (-mean * Math.log(1 - ThreadLocalRandom.current().nextDouble()));
        return Math.max(1, Math.min(millis, 4 * mean));
    }

    /** GOOD, CONDITION MET, RECOVERED ERROR. */
    public static boolean isSuccess(ScsiOutcome outcome) {
        return classify(outcome) == Action.SUCCESS;
    }
}
