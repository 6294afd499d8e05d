package org.lunbridge.iscsi.transport.rdma;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life of one iSER connection's RDMA resources, after the kernel's {@code enum iser_conn_state}. Every change goes
 * through {@link #checkTransition}; the endpoint holds its state lock while it changes state or touches a native
 * handle, so a concurrent DEVICE_REMOVAL teardown and a late task cleanup cannot both use freed resources.
 */
public enum IserConnState {
    /** Event channel and CM id being created. */
    INIT,
    /** Address/route resolution, resources, {@code rdma_connect}: waiting for ESTABLISHED ({@code ep_poll}). */
    PENDING,
    /** ESTABLISHED: Sends and receives flow. */
    UP,
    /** Teardown in progress: disconnected, draining, destroying. No new work is accepted. */
    TERMINATING,
    /** Every native resource is released; only bookkeeping remains. Terminal. */
    DOWN;

    private Set<IserConnState> next() {
        return switch (this) {
            case INIT -> EnumSet.of(PENDING, TERMINATING);
            case PENDING -> EnumSet.of(UP, TERMINATING);
            case UP -> EnumSet.of(TERMINATING);
            case TERMINATING -> EnumSet.of(DOWN);
            case DOWN -> EnumSet.noneOf(IserConnState.class);
        };
    }

    public boolean canMoveTo(IserConnState target) {
        return next().contains(target);
    }

    /** @throws IllegalStateException for a transition the table does not allow */
    public IserConnState checkTransition(IserConnState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("iSER connection state " + this + " -> " + target
                    + " (expected: " + next() + ")");
        }
        return target;
    }
}
