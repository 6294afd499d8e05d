package org.lunbridge.iscsi.session;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.lunbridge.iscsi.pdu.Digests;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.PduDecoder;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * {@link PduTransport} over a blocking TCP {@link SocketChannel}: gathering writes of header, digests, data and
 * padding (RFC 7143 §11.1); reads header, then the data segment bounded by our MaxRecvDataSegmentLength.
 * Minimal adapter until the {@code transport.tcp} package provides {@code TcpTransport}.
 */
public final class SocketPduTransport implements PduTransport {

    private static final ByteBuffer ZEROS = ByteBuffer.allocate(4).asReadOnlyBuffer();
    /** Before negotiation a target may send at most 8192 bytes (§13.12); tgt sends more in Text, so be lenient. */
    private static final int LOGIN_MAX_SEGMENT_BYTES = 1 << 24;

    private final SocketChannel channel;
    private final String peer;
    private volatile boolean headerDigest;
    private volatile boolean dataDigest;
    private volatile int maxRecvDataSegmentLength = LOGIN_MAX_SEGMENT_BYTES;

    private SocketPduTransport(SocketChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
    }

    /** Connects to {@code host:port} within {@code timeoutMillis}. */
    public static SocketPduTransport connect(String host, int port, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(host, port), timeoutMillis);
            return new SocketPduTransport(channel, host + ":" + port);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void send(InitiatorPdu pdu) throws IOException {
        EncodedPdu encoded = PduEncoder.encode(pdu);
        ByteBuffer header = encoded.header();
        ByteBuffer data = encoded.data();
        int dataLength = data.remaining();
        ByteBuffer[] parts = new ByteBuffer[5];
        int n = 0;
        parts[n++] = header.duplicate();
        if (headerDigest) {
            parts[n++] = Digests.toWire(Digests.headerDigest(header.duplicate()));
        }
        if (dataLength > 0) {
            parts[n++] = data.duplicate();
            int pad = PduFraming.padding(dataLength);
            if (pad > 0) {
                parts[n++] = ZEROS.duplicate().limit(pad);
            }
            if (dataDigest) {
                parts[n++] = Digests.toWire(Digests.dataDigest(data.duplicate()));
            }
        }
        long remaining = 0;
        for (int i = 0; i < n; i++) {
            remaining += parts[i].remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(parts, 0, n);
        }
    }

    @Override
    public TargetPdu receive() throws IOException {
        ByteBuffer bhs = ByteBuffer.allocate(IscsiConstants.BHS_LENGTH);
        readFully(bhs);
        bhs.flip();
        int headerLength = PduFraming.headerLength(bhs);
        ByteBuffer header = bhs;
        if (headerLength > IscsiConstants.BHS_LENGTH) {
            header = ByteBuffer.allocate(headerLength);
            header.put(bhs);
            readFully(header);
            header.flip();
        }
        if (headerDigest) {
            ByteBuffer digest = ByteBuffer.allocate(4);
            readFully(digest);
            Digests.verifyHeader(header.duplicate(), digest.flip());
        }
        PduDecoder.checkDataSegmentLength(header, maxRecvDataSegmentLength);
        int dataLength = PduFraming.dataSegmentLength(header);
        ByteBuffer data = ByteBuffer.allocate(0);
        if (dataLength > 0) {
            ByteBuffer padded = ByteBuffer.allocate(PduFraming.padTo4(dataLength));
            readFully(padded);
            data = padded.flip().limit(dataLength);
            if (dataDigest) {
                ByteBuffer digest = ByteBuffer.allocate(4);
                readFully(digest);
                Digests.verifyData(data.duplicate(), digest.flip());
            }
        }
        return PduDecoder.decodeTargetPdu(header, data);
    }

    private void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new EOFException("connection to " + peer + " closed by the target");
            }
        }
    }

    @Override
    public void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength) {
        this.headerDigest = headerDigest;
        this.dataDigest = dataDigest;
        this.maxRecvDataSegmentLength = maxRecvDataSegmentLength;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket we are abandoning; nothing to recover.
        }
    }

    @Override
    public String toString() {
        return "SocketPduTransport[" + peer + "]";
    }
}
