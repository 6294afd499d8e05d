package org.lunbridge.iscsi.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Outcome of {@link TransportConnector#connect}, the three answers of the kernel's {@code ep_poll}
 * (connected / timeout expired / failed) with the failure split so the session layer can tell a target that is
 * down (refused: retry later) from one that is unreachable.
 */
public sealed interface ConnectResult {
    InetSocketAddress portal();

    /** Connected; the caller owns (and must close) the transport. */
    record Connected(InetSocketAddress portal, Transport transport) implements ConnectResult {
        public Connected {
            Objects.requireNonNull(transport, "transport");
        }
    }

    /** No answer within the connect timeout (e.g. SYNs dropped). */
    record TimedOut(InetSocketAddress portal, long timeoutMillis) implements ConnectResult {}

    /** The portal answered with RST: nothing listens there (target down or restarting). */
    record Refused(InetSocketAddress portal, IOException cause) implements ConnectResult {}

    /** Any other failure: unresolved name, no route, host unreachable, local socket error. */
    record Unreachable(InetSocketAddress portal, IOException cause) implements ConnectResult {}
}
