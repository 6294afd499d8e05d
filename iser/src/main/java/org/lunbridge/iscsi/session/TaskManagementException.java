package org.lunbridge.iscsi.session;

/** A TMF completed with a response other than Function Complete (RFC 7143 §11.6.1), or timed out. */
public final class TaskManagementException extends IscsiSessionException {

    private final int response;

    public TaskManagementException(int response, String message) {
        super(message, null);
        this.response = response;
    }

    /** The TMF response code (IscsiConstants.TMF_RESPONSE_*), -1 for a timeout. */
    public int response() {
        return response;
    }
}
