package org.lunbridge.iscsi.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one SCSI task (cf. Linux libiscsi {@code ISCSI_TASK_*}). Terminal states are reached exactly once;
 * whoever moves a task there completes its future.
 */
public enum TaskState {
    /** Waiting for the CmdSN window (§4.2.2.1: never send beyond MaxCmdSN). */
    QUEUED,
    /** SCSI Command handed to the writer, no data seen yet. */
    SENT,
    /** Data-In received or R2T answered: data is moving. */
    DATA,
    /** Status received; terminal. */
    COMPLETED,
    /** Ended by a TMF or by the caller; terminal. */
    ABORTED,
    /** Ended by connection loss, Reject or protocol violation; terminal. */
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == ABORTED || this == FAILED;
    }

    public Set<TaskState> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(SENT, ABORTED, FAILED);
            case SENT -> EnumSet.of(DATA, COMPLETED, ABORTED, FAILED);
            case DATA -> EnumSet.of(DATA, COMPLETED, ABORTED, FAILED);
            case COMPLETED, ABORTED, FAILED -> EnumSet.noneOf(TaskState.class);
        };
    }

    public TaskState checkTransition(TaskState next) {
        if (!successors().contains(next)) {
            throw new IllegalStateException("task state " + this + " -> " + next + " (expected one of "
                    + successors() + ")");
        }
        return next;
    }
}
