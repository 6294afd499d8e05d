package org.lunbridge.iscsi.session;

import java.io.IOException;

/** Base of the session layer's typed failures; callers switch on the subclass. */
public abstract sealed class IscsiSessionException extends IOException
        permits ConnectionLostException, TaskAbortedException, TaskRejectedException, SessionClosedException,
                TaskManagementException {

    protected IscsiSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
