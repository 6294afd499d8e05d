package org.lunbridge.iscsi.transport.tcp;

import static org.lunbridge.iscsi.pdu.IscsiConstants.BHS_LENGTH;
import static org.lunbridge.iscsi.pdu.IscsiConstants.DIGEST_LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;
import org.lunbridge.iscsi.pdu.DigestException;
import org.lunbridge.iscsi.pdu.Digests;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.PduDecoder;
import org.lunbridge.iscsi.pdu.PduFormatException;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.DataBufferAllocator;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * Receive framing of one TCP connection (RFC 7143 §11.1), used by the single reader thread:
 * <pre>
 *   BHS (48) | AHS (TotalAHSLength*4) | [HeaderDigest 4] | Data (DataSegmentLength) | pad to 4 | [DataDigest 4]
 * </pre>
 * Each length is checked before anything is allocated for it; a short read is retried, EOF mid-PDU is an error.
 */
final class TcpPduReader {
    private final ReadableByteChannel channel;
    private final ConnectionStats stats;
    private final DataBufferAllocator allocator;
    /** Pad bytes and digests; reused, the reader is single-threaded. */
    private final ByteBuffer scratch = ByteBuffer.allocate(DIGEST_LENGTH);
    private volatile int maxRecvDataSegmentLength = TransportOptions.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;

    TcpPduReader(ReadableByteChannel channel, ConnectionStats stats, DataBufferAllocator allocator) {
        this.channel = channel;
        this.stats = stats;
        this.allocator = allocator;
    }

    int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    void setMaxRecvDataSegmentLength(int lengthBytes) {
        maxRecvDataSegmentLength = lengthBytes;
    }

    /** Reads, verifies and decodes the next PDU; blocks until it is complete. */
    TargetPdu read(boolean headerDigest, boolean dataDigest) throws IOException {
        ByteBuffer bhs = ByteBuffer.allocate(BHS_LENGTH);
        readFully(bhs, "BHS", true);
        bhs.flip();
        int opcode = PduFraming.opcode(bhs);
        int ahsLength = PduFraming.totalAhsLengthBytes(bhs);
        int dataLength = PduFraming.dataSegmentLength(bhs);
        // §13.12: the target must not send more than our declared MaxRecvDataSegmentLength; refuse before
        // allocating so a corrupt or hostile length cannot make us allocate 16 MiB.
        try {
            PduDecoder.checkDataSegmentLength(bhs, maxRecvDataSegmentLength);
        } catch (PduFormatException e) {
            throw new ConnectionLostException(Reason.PROTOCOL_VIOLATION, e.getMessage(), e);
        }

        ByteBuffer header = bhs;
        if (ahsLength > 0) {
            // TotalAHSLength is one byte of words: at most 1020 bytes, no further bound needed.
            header = ByteBuffer.allocate(BHS_LENGTH + ahsLength).put(bhs);
            readFully(header, "AHS", false);
            header.flip();
        }
        long wireBytes = header.remaining();
        if (headerDigest) {
            readDigest("HeaderDigest");
            wireBytes += DIGEST_LENGTH;
            try {
                Digests.verifyHeader(header, scratch);
            } catch (DigestException e) {
                stats.digestError();
                stats.pduReceived(opcode, wireBytes);
                throw new ConnectionLostException(Reason.HEADER_DIGEST, IscsiConstants.nameOfOpcode(opcode) + ": "
                        + e.getMessage(), e);
            }
        }

        ByteBuffer data = ByteBuffer.allocate(0);
        if (dataLength > 0) {
            data = readData(header, dataLength, dataDigest, opcode, wireBytes);
            wireBytes += PduFraming.padTo4(dataLength) + (dataDigest ? DIGEST_LENGTH : 0);
        }
        stats.pduReceived(opcode, wireBytes);
        try {
            return PduDecoder.decodeTargetPdu(header, data);
        } catch (PduFormatException e) {
            throw new ConnectionLostException(Reason.PROTOCOL_VIOLATION, e.getMessage(), e);
        }
    }

    private ByteBuffer readData(ByteBuffer header, int dataLength, boolean dataDigest, int opcode, long headerWireBytes)
            throws IOException {
        ByteBuffer target = allocator.allocate(header.asReadOnlyBuffer(), dataLength);
        if (target.remaining() != dataLength) {
            throw new IllegalStateException("allocator returned " + target.remaining() + " bytes (expected: "
                    + dataLength + ")");
        }
        int start = target.position();
        readFully(target, "data segment", false);
        ByteBuffer data = target.duplicate().position(start).limit(start + dataLength).slice();
        int pad = PduFraming.padding(dataLength);
        scratch.clear().limit(pad);
        readFully(scratch, "padding", false);
        ByteBuffer padBytes = scratch.flip().duplicate();
        if (dataDigest) {
            // §13.1: the DataDigest covers the padding as sent, so the received pad bytes are included.
            CRC32C crc = new CRC32C();
            crc.update(data.duplicate());
            crc.update(padBytes);
            int expected = (int) crc.getValue();
            readDigest("DataDigest");
            int actual = Digests.read(scratch, scratch.position());
            if (actual != expected) {
                stats.digestError();
                stats.pduReceived(opcode, headerWireBytes + PduFraming.padTo4(dataLength) + DIGEST_LENGTH);
                DigestException e = new DigestException(DigestException.Kind.DATA, expected, actual);
                throw new ConnectionLostException(Reason.DATA_DIGEST, IscsiConstants.nameOfOpcode(opcode) + ": "
                        + e.getMessage(), e);
            }
        }
        return data;
    }

    private void readDigest(String what) throws IOException {
        scratch.clear();
        readFully(scratch, what, false);
        scratch.flip();
    }

    /**
     * Fills {@code buffer}. EOF before the first byte of a PDU is an orderly close; EOF anywhere else cuts a PDU.
     */
    private void readFully(ByteBuffer buffer, String what, boolean pduStart) throws IOException {
        int wanted = buffer.remaining();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                int got = wanted - buffer.remaining();
                String message = pduStart && got == 0 ? "EOF at a PDU boundary"
                        : "EOF mid-PDU after " + got + " of " + wanted + " bytes of " + what;
                throw new ConnectionLostException(Reason.EOF, message);
            }
        }
    }
}
