package org.lunbridge.iscsi.session;

/** The task was ended by a task management function (ABORT TASK, ABORT TASK SET, LUN RESET, TARGET RESET). */
public final class TaskAbortedException extends IscsiSessionException {

    private final int function;

    public TaskAbortedException(int function, String message) {
        super(message, null);
        this.function = function;
    }

    /** The TMF function code that ended it (IscsiConstants.TMF_*). */
    public int function() {
        return function;
    }
}
