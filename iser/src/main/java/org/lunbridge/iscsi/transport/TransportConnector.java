package org.lunbridge.iscsi.transport;

import java.net.InetSocketAddress;

/**
 * Creates connected {@link Transport}s, the kernel's {@code ep_connect} + {@code ep_poll} in one bounded call.
 * One implementation per transport ("tcp", later "iser").
 */
public interface TransportConnector {
    /** The capabilities every transport of this connector has. */
    TransportCaps caps();

    /**
     * Connects to {@code portal} within {@code options.connectTimeoutMillis()}. Failures are results, not
     * exceptions: a session retries per its own policy.
     *
     * @throws InterruptedException if the calling thread was interrupted while waiting
     */
    ConnectResult connect(InetSocketAddress portal, TransportOptions options) throws InterruptedException;
}
