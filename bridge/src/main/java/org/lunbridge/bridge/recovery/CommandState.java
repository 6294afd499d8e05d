package org.lunbridge.bridge.recovery;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one SCSI command under recovery. Each dispatch is an <em>attempt</em>; a completion, timer or TMF
 * answer that names an older attempt is late and ignored (Linux libiscsi's task state + session age).
 *
 * <pre>
 * QUEUED --dispatch--------------------------> DISPATCHED
 * QUEUED --replacement timeout / close-------> FAILED
 * DISPATCHED --GOOD---------------------------> DONE
 * DISPATCHED --status not retried-------------> FAILED
 * DISPATCHED --UNIT ATTENTION, ABORTED COMMAND-> QUEUED        (retry at once)
 * DISPATCHED --BUSY, TASK SET FULL, NOT READY-> BACKOFF
 * DISPATCHED --TaskAborted (someone's TMF)----> QUEUED        (the target confirmed the task gone)
 * DISPATCHED --command timeout----------------> ABORTING      (ABORT TASK sent)
 * DISPATCHED --connection lost----------------> AWAITING_REPLAY
 * ABORTING  --task aborted (TMF confirmed)----> QUEUED        (replay)
 * ABORTING  --TMF failed / timed out----------> RESETTING     (LOGICAL UNIT RESET sent)
 * RESETTING --task aborted (reset confirmed)--> QUEUED
 * RESETTING --reset failed / timed out: drop--> AWAITING_REPLAY
 * ABORTING, RESETTING --late GOOD/status------> DONE / FAILED / QUEUED / BACKOFF (the target did answer)
 * ABORTING, RESETTING --connection lost-------> AWAITING_REPLAY
 * AWAITING_REPLAY --session reinstated--------> QUEUED
 * AWAITING_REPLAY --replacement timeout, LUN changed, close--> FAILED
 * BACKOFF --delay over------------------------> QUEUED
 * any non-terminal --close--------------------> FAILED
 * </pre>
 */
public enum CommandState {
    QUEUED, DISPATCHED, ABORTING, RESETTING, AWAITING_REPLAY, BACKOFF, DONE, FAILED;

    public Set<CommandState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(DISPATCHED, FAILED);
            case DISPATCHED -> EnumSet.of(DONE, FAILED, QUEUED, BACKOFF, ABORTING, AWAITING_REPLAY);
            case ABORTING -> EnumSet.of(QUEUED, RESETTING, AWAITING_REPLAY, DONE, FAILED, BACKOFF);
            case RESETTING -> EnumSet.of(QUEUED, AWAITING_REPLAY, DONE, FAILED, BACKOFF);
            case AWAITING_REPLAY -> EnumSet.of(QUEUED, FAILED);
            case BACKOFF -> EnumSet.of(QUEUED, FAILED);
            case DONE, FAILED -> EnumSet.noneOf(CommandState.class);
        };
    }

    public boolean terminal() {
        return this == DONE || this == FAILED;
    }

    /** In a recovery step: a newer overlapping write must not overtake it. */
    public boolean recovering() {
        return this == ABORTING || this == RESETTING || this == AWAITING_REPLAY;
    }

    /** Throws unless {@code next} is a legal successor. */
    public CommandState checkTransition(CommandState next) {
        if (!successors().contains(next)) {
            throw new IllegalStateException("command state " + this + " -> " + next + " (expected one of "
                    + successors() + ")");
        }
        return next;
    }
}
