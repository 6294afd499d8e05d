package org.lunbridge.iscsi.transport.rdma;

import java.io.IOException;

/** A control-path rdma-core call failed; carries the call's name and errno. */
public class RdmaException extends IOException {
    private final int errno;

    public RdmaException(String call, int errno) {
        super(call + " failed: errno " + errno);
        this.errno = errno;
    }

    protected RdmaException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
