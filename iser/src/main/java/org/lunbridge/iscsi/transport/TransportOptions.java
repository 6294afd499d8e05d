package org.lunbridge.iscsi.transport;

import java.util.Objects;

/**
 * Tunables of a connection, unit-named.
 *
 * @param connectTimeoutMillis bound of {@link TransportConnector#connect} (&gt; 0)
 * @param tcpNoDelay disable Nagle: PDU headers must not wait for an ACK (libiscsi and the kernel do the same)
 * @param keepAlive TCP keepalive, so a silently dead peer is eventually noticed even without NOP-Outs
 * @param sendBufferBytes SO_SNDBUF, 0 for the OS default
 * @param receiveBufferBytes SO_RCVBUF, 0 for the OS default
 * @param dataBufferAllocator where received data segments are read into
 */
public record TransportOptions(long connectTimeoutMillis, boolean tcpNoDelay, boolean keepAlive, int sendBufferBytes,
                               int receiveBufferBytes, DataBufferAllocator dataBufferAllocator) {
    /** RFC 7143 §13.12: until login negotiates otherwise, both sides assume MaxRecvDataSegmentLength 8192. */
    public static final int LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;

    public TransportOptions {
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis: " + connectTimeoutMillis + " (expected: > 0)");
        }
        if (sendBufferBytes < 0 || receiveBufferBytes < 0) {
            throw new IllegalArgumentException("socket buffer sizes must be >= 0");
        }
        Objects.requireNonNull(dataBufferAllocator, "dataBufferAllocator");
    }

    /** 10 s connect timeout, TCP_NODELAY, keepalive, OS buffer sizes, heap data buffers. */
    public static TransportOptions defaults() {
        return new TransportOptions(10_000, true, true, 0, 0, DataBufferAllocator.HEAP);
    }

    public TransportOptions withConnectTimeoutMillis(long millis) {
        return new TransportOptions(millis, tcpNoDelay, keepAlive, sendBufferBytes, receiveBufferBytes,
                dataBufferAllocator);
    }

    public TransportOptions withDataBufferAllocator(DataBufferAllocator allocator) {
        return new TransportOptions(connectTimeoutMillis, tcpNoDelay, keepAlive, sendBufferBytes, receiveBufferBytes,
                allocator);
    }
}
