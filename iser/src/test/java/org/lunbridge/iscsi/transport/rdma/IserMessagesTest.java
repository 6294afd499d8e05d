package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFormatException;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.junit.jupiter.api.Test;

class IserMessagesTest {
    /** A target message as it arrives: iSER control header, BHS, data, no padding. */
    static byte[] message(TargetPdu pdu) {
        EncodedPdu encoded = PduEncoder.encode(pdu);
        ByteBuffer out = ByteBuffer.allocate(28 + encoded.header().remaining() + encoded.data().remaining());
        IserMessages.encode(IserHeader.CONTROL, encoded.header(), encoded.data(), out);
        return out.array();
    }

    @Test
    void givenNopOutWithData_whenEncoded_thenIserHeaderBhsDataWithoutPadding() {
        ByteBuffer data = ByteBuffer.wrap("ping!".getBytes(StandardCharsets.US_ASCII));
        EncodedPdu pdu = PduEncoder.encode(NopOut.ping(0x10, 1, 2, data));
        ByteBuffer out = ByteBuffer.allocate(200);
        int length = IserMessages.encode(IserHeader.CONTROL, pdu.header(), pdu.data(), out);
        assertEquals(28 + 48 + 5, length);
        assertEquals(length, out.position());
        assertEquals(0x10, out.get(0));
        assertEquals(pdu.header(), out.slice(28, 48));
        assertEquals(ByteBuffer.wrap("ping!".getBytes(StandardCharsets.US_ASCII)), out.slice(76, 5));
        assertEquals(0, pdu.header().position(), "source buffers are not moved");
    }

    @Test
    void givenTooSmallDescriptor_whenEncoded_thenRejected() {
        EncodedPdu pdu = PduEncoder.encode(NopOut.ping(1, 1, 1, ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class,
                () -> IserMessages.encode(IserHeader.CONTROL, pdu.header(), pdu.data(), ByteBuffer.allocate(175)));
    }

    @Test
    void givenNopInMessage_whenDecoded_thenSamePdu() throws Exception {
        NopIn nopIn = new NopIn(Lun.ZERO, 0x22, 0xffffffff, 5, 6, 7, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        IserMessages.Received received = IserMessages.decode(ByteBuffer.wrap(message(nopIn)), 8192);
        assertEquals(IserHeader.CONTROL, received.iser());
        NopIn decoded = assertInstanceOf(NopIn.class, received.pdu());
        assertEquals(0x22, decoded.itt());
        assertEquals(5, decoded.statSn());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), decoded.data());
    }

    @Test
    void givenPaddedMessage_whenDecoded_thenPadTolerated() throws Exception {
        NopIn nopIn = new NopIn(Lun.ZERO, 1, 0xffffffff, 1, 1, 1, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] bytes = message(nopIn);
        byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertInstanceOf(NopIn.class, IserMessages.decode(ByteBuffer.wrap(padded), 8192).pdu());
    }

    @Test
    void givenTruncatedMessage_whenDecoded_thenRejectedWithLengths() {
        NopIn nopIn = new NopIn(Lun.ZERO, 1, 0xffffffff, 1, 1, 1, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] bytes = message(nopIn);
        IserFormatException e = assertThrows(IserFormatException.class,
                () -> IserMessages.decode(ByteBuffer.wrap(bytes, 0, bytes.length - 1), 8192));
        assertEquals("iSER message length: 78 (expected: 79 = 28 + header 48 + data 3)", e.getMessage());
        assertThrows(IserFormatException.class, () -> IserMessages.decode(ByteBuffer.wrap(bytes, 0, 60), 8192));
    }

    @Test
    void givenSegmentOverInitiatorRecvDataSegmentLength_whenDecoded_thenRejected() {
        NopIn nopIn = new NopIn(Lun.ZERO, 1, 0xffffffff, 1, 1, 1, ByteBuffer.allocate(1024));
        assertThrows(PduFormatException.class, () -> IserMessages.decode(ByteBuffer.wrap(message(nopIn)), 512));
    }
}
