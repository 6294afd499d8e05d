package org.lunbridge.iscsi.transport.rdma;

/**
 * The RDMA connection manager reported a failure event (ADDR_ERROR, ROUTE_ERROR, CONNECT_ERROR, UNREACHABLE,
 * REJECTED, DISCONNECTED, DEVICE_REMOVAL, ADDR_CHANGE, TIMEWAIT_EXIT) or the wrong event. It is the cause of a
 * {@code ConnectResult} failure or a {@code ConnectionLostException}, so recovery treats it like a lost TCP
 * connection while logs keep the CM event.
 */
public final class RdmaCmException extends RdmaException {
    private final int event;

    public RdmaCmException(int event, int status, String doing) {
        super(doing + ": " + VerbsConstants.nameOfCmEvent(event) + " (status " + status + ")", status, null);
        this.event = event;
    }

    /** The {@code rdma_cm_event_type}. */
    public int event() {
        return event;
    }
}
