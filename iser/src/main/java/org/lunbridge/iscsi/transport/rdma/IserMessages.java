package org.lunbridge.iscsi.transport.rdma;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.pdu.PduDecoder;
import org.lunbridge.iscsi.pdu.PduFormatException;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * Pure codec of whole iSER messages (RFC 7145 §7.2): {@code iSER header (28) + BHS (48) + AHS + data}, no
 * padding and no digests (§5.1: iSER connections negotiate HeaderDigest/DataDigest=None; the RC transport's
 * ICRC protects the message). One message per Send; the receiver learns its length from the work completion.
 */
public final class IserMessages {
    private IserMessages() {}

    /**
     * Writes {@code iser}, {@code pduHeader} and {@code data} (may be empty) at {@code out}'s position; returns
     * the message length. Buffers' positions are not moved except {@code out}'s.
     */
    public static int encode(IserHeader iser, ByteBuffer pduHeader, ByteBuffer data, ByteBuffer out) {
        int length = IserCodec.HEADER_LENGTH + pduHeader.remaining() + data.remaining();
        if (out.remaining() < length) {
            throw new IllegalArgumentException("iSER message: " + length + " bytes (expected: <= "
                    + out.remaining() + ", the TX descriptor)");
        }
        IserCodec.encode(iser, out);
        out.put(pduHeader.duplicate());
        out.put(data.duplicate());
        return length;
    }

    /** A received message, split: its iSER header and the iSCSI PDU it carries. */
    public record Received(IserHeader iser, TargetPdu pdu, int opcode) {}

    /**
     * Decodes one received message of exactly {@code message.remaining()} bytes (the WC byte_len). Header and
     * data are copied to heap buffers, so the RX descriptor can be posted again at once.
     *
     * @param maxDataSegmentLength our InitiatorRecvDataSegmentLength (§6.3.2): a longer segment is a violation
     */
    public static Received decode(ByteBuffer message, int maxDataSegmentLength)
            throws IserFormatException, PduFormatException {
        ByteBuffer in = message.duplicate();
        IserHeader iser = IserCodec.decode(in);
        if (in.remaining() < 48) {
            throw new IserFormatException("iSER message length: " + message.remaining()
                    + " (expected: >= 76, iSER header + BHS)");
        }
        ByteBuffer bhs = in.slice(in.position(), 48);
        int headerLength = PduFraming.headerLength(bhs);
        int dataLength = PduFraming.dataSegmentLength(bhs);
        PduDecoder.checkDataSegmentLength(bhs, maxDataSegmentLength);
        long expected = (long) headerLength + dataLength;
        // §7.2: the Send carries the PDU without padding; tolerate trailing pad bytes some targets add.
        if (in.remaining() < expected || in.remaining() > PduFraming.padTo4(dataLength) + (long) headerLength) {
            throw new IserFormatException("iSER message length: " + message.remaining() + " (expected: "
                    + (IserCodec.HEADER_LENGTH + expected) + " = 28 + header " + headerLength + " + data "
                    + dataLength + ")");
        }
        ByteBuffer header = ByteBuffer.allocate(headerLength);
        header.put(in.slice(in.position(), headerLength)).flip();
        ByteBuffer data = ByteBuffer.allocate(dataLength);
        data.put(in.slice(in.position() + headerLength, dataLength)).flip();
        TargetPdu pdu = PduDecoder.decodeTargetPdu(header, data);
        return new Received(iser, pdu, PduFraming.opcode(header));
    }
}
