package org.lunbridge.iscsi.session;

/** A command was submitted to a session that is logging out or closed. */
public final class SessionClosedException extends IscsiSessionException {
    public SessionClosedException(String message) {
        super(message, null);
    }
}
