package org.lunbridge.iscsi.login;

import java.util.Objects;

/**
 * The per-connection result of login negotiation (RFC 7143 §13, "Scope: CO").
 *
 * @param initiatorMaxRecvDataSegmentLength what we declared: the target never sends us a data segment longer
 * @param targetMaxRecvDataSegmentLength    what the target declared (8192 if it did not): we never send longer
 * @param initiatorRecvDataSegmentLength    iSER (RFC 7145 §6.5), meaningful only with RDMAExtensions=Yes
 * @param targetRecvDataSegmentLength       iSER (RFC 7145 §6.4), meaningful only with RDMAExtensions=Yes
 */
public record ConnectionParameters(DigestType headerDigest, DigestType dataDigest,
                                   int initiatorMaxRecvDataSegmentLength, int targetMaxRecvDataSegmentLength,
                                   int initiatorRecvDataSegmentLength, int targetRecvDataSegmentLength) {

    public ConnectionParameters {
        Objects.requireNonNull(headerDigest, "headerDigest");
        Objects.requireNonNull(dataDigest, "dataDigest");
        for (int v : new int[] {initiatorMaxRecvDataSegmentLength, targetMaxRecvDataSegmentLength,
                initiatorRecvDataSegmentLength, targetRecvDataSegmentLength}) {
            if (v < 512 || v > NegotiationTable.MAX_LENGTH) {
                throw new IllegalArgumentException("data segment length: " + v + " (expected: 512..2^24-1)");
            }
        }
    }

    /** The RFC defaults: no digests, 8192-byte segments both ways. */
    public static ConnectionParameters rfcDefaults() {
        return new ConnectionParameters(DigestType.NONE, DigestType.NONE, 8192, 8192, 8192, 8192);
    }

    /** The largest data segment we may send on this connection. */
    public int maxSendDataSegmentLength() {
        return targetMaxRecvDataSegmentLength;
    }
}
