package org.lunbridge.iscsi.transport.rdma;

/**
 * Tunables of an iSER connection, unit-named; defaults follow libiscsi {@code lib/iser.c} where it has one.
 *
 * @param addressResolveTimeoutMillis {@code rdma_resolve_addr} timeout (libiscsi 2000)
 * @param routeResolveTimeoutMillis {@code rdma_resolve_route} timeout (libiscsi 1000)
 * @param sendQueueDepth TX descriptors = QP send WRs = initial send credits (libiscsi QP: 512)
 * @param receiveDepth RX descriptors posted for the whole connection, login included
 * @param initiatorRecvDataSegmentLength data bytes per RX descriptor: the InitiatorRecvDataSegmentLength we
 *     declare at login (RFC 7145 §6.3.2; libiscsi 8192)
 * @param targetRecvDataSegmentLength data bytes per TX descriptor: the most TargetRecvDataSegmentLength we use
 *     (§6.3.1); larger negotiated values are clamped by the session to {@link IserTransport#maxSendDataSegmentLength}
 * @param poolBufferBytes largest data transfer of one task in one direction (one registered slot)
 * @param poolBuffers registered slots; two per task in flight at most (read + write bounce)
 */
public record IserOptions(int addressResolveTimeoutMillis, int routeResolveTimeoutMillis, int sendQueueDepth,
                          int receiveDepth, int initiatorRecvDataSegmentLength, int targetRecvDataSegmentLength,
                          int poolBufferBytes, int poolBuffers) {
    /** rdma_connect: RDMA Reads the target may have outstanding against us (libiscsi 4). */
    static final int RESPONDER_RESOURCES = 4;
    /** We issue no RDMA Read, but 0 is rejected by some CMs; the kernel initiator uses 1. */
    static final int INITIATOR_DEPTH = 1;
    /** IB transport retries before a QP error (libiscsi and the kernel: 7). */
    static final int RETRY_COUNT = 7;
    /** RNR retries (libiscsi and the kernel: 6). */
    static final int RNR_RETRY_COUNT = 6;

    public IserOptions {
        positive("addressResolveTimeoutMillis", addressResolveTimeoutMillis);
        positive("routeResolveTimeoutMillis", routeResolveTimeoutMillis);
        positive("sendQueueDepth", sendQueueDepth);
        positive("receiveDepth", receiveDepth);
        positive("poolBufferBytes", poolBufferBytes);
        positive("poolBuffers", poolBuffers);
        if (initiatorRecvDataSegmentLength < 512 || targetRecvDataSegmentLength < 512) {
            throw new IllegalArgumentException("RecvDataSegmentLength below 512 (RFC 7145 §6.3)");
        }
        if ((long) poolBufferBytes * poolBuffers > Integer.MAX_VALUE - NativeBuffers.PAGE_BYTES) {
            throw new IllegalArgumentException("pool over 2 GiB: " + poolBufferBytes + " x " + poolBuffers);
        }
    }

    /** 2000/1000 ms resolution, 128 sends, 128 receives, 8 KiB segments, 32 x 1 MiB task buffers. */
    public static IserOptions defaults() {
        return new IserOptions(2000, 1000, 128, 128, 8192, 8192, 1 << 20, 32);
    }

    public IserOptions withPool(int bufferBytes, int buffers) {
        return new IserOptions(addressResolveTimeoutMillis, routeResolveTimeoutMillis, sendQueueDepth, receiveDepth,
                initiatorRecvDataSegmentLength, targetRecvDataSegmentLength, bufferBytes, buffers);
    }

    public IserOptions withQueueDepths(int sends, int receives) {
        return new IserOptions(addressResolveTimeoutMillis, routeResolveTimeoutMillis, sends, receives,
                initiatorRecvDataSegmentLength, targetRecvDataSegmentLength, poolBufferBytes, poolBuffers);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
