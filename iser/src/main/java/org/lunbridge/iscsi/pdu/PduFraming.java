package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.BHS_LENGTH;
import static org.lunbridge.iscsi.pdu.IscsiConstants.DIGEST_LENGTH;

import java.nio.ByteBuffer;

/**
 * Pure helpers for a transport that frames PDUs (RFC 7143 §11.1): read the 48-byte BHS, learn how many header
 * and data bytes follow, read them, hand header and data to {@link PduDecoder}. All reads use absolute indexes
 * from {@code bhs.position()}; nothing moves.
 * <pre>
 *   BHS (48) | AHS (TotalAHSLength * 4) | HeaderDigest (0/4) | Data (DataSegmentLength) | pad to 4 | DataDigest (0/4)
 * </pre>
 */
public final class PduFraming {
    private PduFraming() {}

    /** §11.2.1.1: bits 0-5 of byte 0. */
    public static int opcode(ByteBuffer bhs) {
        requireBhs(bhs);
        return bhs.get(bhs.position()) & IscsiConstants.OPCODE_MASK;
    }

    /** §11.2.1.4: byte 4 counts 4-byte words; this returns bytes (0..1020). */
    public static int totalAhsLengthBytes(ByteBuffer bhs) {
        requireBhs(bhs);
        return (bhs.get(bhs.position() + 4) & 0xff) * 4;
    }

    /** §11.2.1.5: bytes 5-7, the unpadded data segment length (0..16777215). */
    public static int dataSegmentLength(ByteBuffer bhs) {
        requireBhs(bhs);
        return bhs.getInt(bhs.position() + 4) & IscsiConstants.MAX_DATA_SEGMENT_LENGTH;
    }

    /** BHS + AHS: the bytes the {@code header} argument of the decoder holds and the HeaderDigest covers. */
    public static int headerLength(ByteBuffer bhs) {
        return BHS_LENGTH + totalAhsLengthBytes(bhs);
    }

    /** Total bytes of the PDU on the wire, digests included when negotiated (§13.1). */
    public static long wireLength(ByteBuffer bhs, boolean headerDigest, boolean dataDigest) {
        int dataLength = dataSegmentLength(bhs);
        return headerLength(bhs) + (headerDigest ? DIGEST_LENGTH : 0) + padTo4(dataLength)
                + (dataDigest && dataLength > 0 ? DIGEST_LENGTH : 0);
    }

    /** §11.1: segments are padded to a multiple of 4 bytes. */
    public static int padTo4(int length) {
        if (length < 0 || length > Integer.MAX_VALUE - 3) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + (Integer.MAX_VALUE - 3) + ")");
        }
        return (length + 3) & ~3;
    }

    /** Number of zero pad bytes after a segment of {@code length} bytes (0..3). */
    public static int padding(int length) {
        return padTo4(length) - length;
    }

    private static void requireBhs(ByteBuffer bhs) {
        if (bhs.remaining() < BHS_LENGTH) {
            throw new IllegalArgumentException("BHS length: " + bhs.remaining() + " (expected: >= " + BHS_LENGTH + ")");
        }
    }
}
