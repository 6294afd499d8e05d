package org.lunbridge.iscsi.login;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What we propose in the operational stage (RFC 7143 §13). Every value is validated against
 * {@link NegotiationTable} here, so an offer we send is always legal.
 *
 * @param headerDigests   preference order, e.g. [NONE, CRC32C]: the target picks the first it supports
 * @param errorRecoveryLevel we implement level 0 only (session reinstatement, §6.3.5), so this must be 0
 * @param rdmaExtensions  true for iSER (RFC 7145 §6.3): then MaxRecvDataSegmentLength is not sent and
 *                        {@code initiatorRecvDataSegmentLength} is declared instead
 */
public record OperationalOffer(List<DigestType> headerDigests, List<DigestType> dataDigests,
                               int maxConnections, boolean initialR2T, boolean immediateData,
                               int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                               int defaultTime2Wait, int defaultTime2Retain, int maxOutstandingR2T,
                               boolean dataPduInOrder, boolean dataSequenceInOrder, int errorRecoveryLevel,
                               boolean rdmaExtensions, int initiatorRecvDataSegmentLength) {

    public OperationalOffer {
        headerDigests = List.copyOf(headerDigests);
        dataDigests = List.copyOf(dataDigests);
        if (headerDigests.isEmpty() || dataDigests.isEmpty()) {
            throw new IllegalArgumentException("digest lists must not be empty");
        }
        if (headerDigests.stream().distinct().count() != headerDigests.size()
                || dataDigests.stream().distinct().count() != dataDigests.size()) {
            throw new IllegalArgumentException("digest lists must not repeat a value");
        }
        check(TextKeys.MAX_CONNECTIONS, maxConnections);
        check(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, maxRecvDataSegmentLength);
        check(TextKeys.MAX_BURST_LENGTH, maxBurstLength);
        check(TextKeys.FIRST_BURST_LENGTH, firstBurstLength);
        check(TextKeys.DEFAULT_TIME2WAIT, defaultTime2Wait);
        check(TextKeys.DEFAULT_TIME2RETAIN, defaultTime2Retain);
        check(TextKeys.MAX_OUTSTANDING_R2T, maxOutstandingR2T);
        check(TextKeys.INITIATOR_RECV_DATA_SEGMENT_LENGTH, initiatorRecvDataSegmentLength);
        if (firstBurstLength > maxBurstLength) {
            // RFC 7143 §13.14: FirstBurstLength MUST NOT exceed MaxBurstLength.
            throw new IllegalArgumentException("firstBurstLength: " + firstBurstLength
                    + " (expected: <= maxBurstLength " + maxBurstLength + ")");
        }
        if (errorRecoveryLevel != 0) {
            throw new IllegalArgumentException("errorRecoveryLevel: " + errorRecoveryLevel + " (expected: 0)");
        }
    }

    /** Our defaults: digests optional (None preferred), unsolicited data on, 256 KiB segments, 1 connection. */
    public static OperationalOffer defaults() {
        return new OperationalOffer(List.of(DigestType.NONE, DigestType.CRC32C),
                List.of(DigestType.NONE, DigestType.CRC32C), 1, false, true, 262144, 1048576, 262144,
                2, 0, 1, true, true, 0, false, 262144);
    }

    public OperationalOffer withDigests(List<DigestType> header, List<DigestType> data) {
        return new OperationalOffer(header, data, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel, rdmaExtensions,
                initiatorRecvDataSegmentLength);
    }

    public OperationalOffer withRdmaExtensions(boolean rdma) {
        return new OperationalOffer(headerDigests, dataDigests, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel, rdma,
                initiatorRecvDataSegmentLength);
    }

    /** Every negotiable key with our value as text, in the order we send them. */
    Map<String, String> asKeyValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TextKeys.HEADER_DIGEST, join(headerDigests));
        m.put(TextKeys.DATA_DIGEST, join(dataDigests));
        m.put(TextKeys.MAX_CONNECTIONS, Integer.toString(maxConnections));
        m.put(TextKeys.INITIAL_R2T, yesNo(initialR2T));
        m.put(TextKeys.IMMEDIATE_DATA, yesNo(immediateData));
        m.put(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(maxRecvDataSegmentLength));
        m.put(TextKeys.MAX_BURST_LENGTH, Integer.toString(maxBurstLength));
        m.put(TextKeys.FIRST_BURST_LENGTH, Integer.toString(firstBurstLength));
        m.put(TextKeys.DEFAULT_TIME2WAIT, Integer.toString(defaultTime2Wait));
        m.put(TextKeys.DEFAULT_TIME2RETAIN, Integer.toString(defaultTime2Retain));
        m.put(TextKeys.MAX_OUTSTANDING_R2T, Integer.toString(maxOutstandingR2T));
        m.put(TextKeys.DATA_PDU_IN_ORDER, yesNo(dataPduInOrder));
        m.put(TextKeys.DATA_SEQUENCE_IN_ORDER, yesNo(dataSequenceInOrder));
        m.put(TextKeys.ERROR_RECOVERY_LEVEL, Integer.toString(errorRecoveryLevel));
        m.put(TextKeys.RDMA_EXTENSIONS, yesNo(rdmaExtensions));
        m.put(TextKeys.INITIATOR_RECV_DATA_SEGMENT_LENGTH, Integer.toString(initiatorRecvDataSegmentLength));
        return m;
    }

    static String yesNo(boolean b) {
        return b ? TextKeys.YES : TextKeys.NO;
    }

    private static String join(List<DigestType> digests) {
        return digests.stream().map(DigestType::keyValue).collect(Collectors.joining(","));
    }

    private static void check(String key, long value) {
        KeyDefinition d = NegotiationTable.get(key);
        if (value < d.min() || value > d.max()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + d.min() + ".." + d.max() + ")");
        }
    }
}
