package org.lunbridge.bridge.recovery;

import java.io.IOException;

/** Recovery gave up on a command; the NBD client sees EIO (ScsiErrors maps any plain IOException so). */
public final class RecoveryException extends IOException {

    /** Why. */
    public enum Reason {
        /** The session stayed down longer than the replacement timeout (or it is 0). */
        REPLACEMENT_TIMEOUT,
        /** After reconnecting, the LUN's identity (VPD 83h) differed: our writes must not go there. */
        LUN_IDENTITY_CHANGED,
        /** The export is shutting down. */
        CLOSED
    }

    private final Reason reason;

    public RecoveryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
