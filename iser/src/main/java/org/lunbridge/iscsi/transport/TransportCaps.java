package org.lunbridge.iscsi.transport;

import java.util.Objects;

/**
 * What a transport can do, like the kernel's {@code iscsi_transport.caps} (CAP_HDRDGST, CAP_DATADGST,
 * CAP_DATA_PATH_OFFLOAD) plus its segment limits. Login offers only what is supported here: iSER, for instance,
 * declares no digests (RFC 7145 §5.1: HeaderDigest and DataDigest are None) and moves data by RDMA.
 *
 * @param name short name for logs and URLs ("tcp", "iser")
 * @param headerDigest CRC32C HeaderDigest can be enabled
 * @param dataDigest CRC32C DataDigest can be enabled
 * @param maxSendDataSegmentLengthBytes largest data segment this transport can send (1..16777215)
 * @param maxRecvDataSegmentLengthBytes largest data segment it can receive, an upper bound for the
 *     MaxRecvDataSegmentLength we declare at login (512..16777215, RFC 7143 §13.12)
 * @param rdmaDataMovement Data-In/Data-Out move by RDMA, not as PDUs (iSER, RFC 7145 §7.3)
 */
public record TransportCaps(String name, boolean headerDigest, boolean dataDigest, int maxSendDataSegmentLengthBytes,
                            int maxRecvDataSegmentLengthBytes, boolean rdmaDataMovement) {
    /** RFC 7143 §11.2.1.5: DataSegmentLength is 24 bits. */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xff_ffff;
    /** RFC 7143 §13.12: MaxRecvDataSegmentLength is 512 to 2^24-1. */
    public static final int MIN_RECV_DATA_SEGMENT_LENGTH = 512;

    public TransportCaps {
        Objects.requireNonNull(name, "name");
        if (maxSendDataSegmentLengthBytes < 1 || maxSendDataSegmentLengthBytes > MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("maxSendDataSegmentLengthBytes: " + maxSendDataSegmentLengthBytes
                    + " (expected: 1.." + MAX_DATA_SEGMENT_LENGTH + ")");
        }
        if (maxRecvDataSegmentLengthBytes < MIN_RECV_DATA_SEGMENT_LENGTH
                || maxRecvDataSegmentLengthBytes > MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("maxRecvDataSegmentLengthBytes: " + maxRecvDataSegmentLengthBytes
                    + " (expected: " + MIN_RECV_DATA_SEGMENT_LENGTH + ".." + MAX_DATA_SEGMENT_LENGTH + ")");
        }
    }
}
