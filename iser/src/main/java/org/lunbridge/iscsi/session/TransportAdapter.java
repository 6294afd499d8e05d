package org.lunbridge.iscsi.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportConnector;
import org.lunbridge.iscsi.transport.TransportOptions;

/** {@link PduTransport} over a real {@link Transport} (TCP today, iSER later): encodes and forwards. */
public final class TransportAdapter implements PduTransport {

    private final Transport transport;
    private final String peer;

    public TransportAdapter(Transport transport) {
        this.transport = transport;
        InetSocketAddress a = transport.remoteAddress();
        this.peer = a.getHostString() + ":" + a.getPort();
    }

    /**
     * Connects to {@code host:port}; failures carry the message users see, e.g.
     * {@code cannot connect to 127.0.0.1:3260: Connection refused}.
     */
    public static TransportAdapter connect(TransportConnector connector, String host, int port,
                                           TransportOptions options) throws IOException {
        InetSocketAddress portal = new InetSocketAddress(host, port);
        String where = host + ":" + port;
        ConnectResult result;
        try {
            result = connector.connect(portal, options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + where, e);
        }
        return switch (result) {
            case ConnectResult.Connected c -> new TransportAdapter(c.transport());
            case ConnectResult.Refused r -> throw new IOException("cannot connect to " + where
                    + ": Connection refused", r.cause());
            case ConnectResult.TimedOut t -> throw new IOException("cannot connect to " + where
                    + ": timed out after " + t.timeoutMillis() + " ms");
            case ConnectResult.Unreachable u -> throw new IOException("cannot connect to " + where + ": "
                    + u.cause().getMessage(), u.cause());
        };
    }

    @Override
    public void send(InitiatorPdu pdu) throws IOException {
        transport.send(PduEncoder.encode(pdu));
    }

    @Override
    public TargetPdu receive() throws IOException {
        return transport.receive();
    }

    @Override
    public void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength,
                                      int maxSendDataSegmentLength) {
        transport.setMaxRecvDataSegmentLength(maxRecvDataSegmentLength);
        transport.setMaxSendDataSegmentLength(maxSendDataSegmentLength);
        transport.enableDigests(headerDigest, dataDigest);
    }

    @Override
    public void countTimeout() {
        transport.stats().timeout();
    }

    @Override
    public void countNopTimeout() {
        transport.stats().nopTimeout();
    }

    @Override
    public java.util.Optional<ConnectionStats> connectionStats() {
        return java.util.Optional.of(transport.stats());
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        transport.close();
    }
}
