package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.lunbridge.iscsi.pdu.Digests;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.IscsiPdu;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * A {@link TcpTransport} connected over 127.0.0.1 to a fake peer: a plain blocking channel the test writes
 * frames to and reads frames from, byte-exact.
 */
final class LoopbackPair implements AutoCloseable {
    final TcpTransport transport;
    final SocketChannel peer;

    private LoopbackPair(TcpTransport transport, SocketChannel peer) {
        this.transport = transport;
        this.peer = peer;
    }

    static LoopbackPair open() throws Exception {
        return open(TransportOptions.defaults());
    }

    static LoopbackPair open(TransportOptions options) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ConnectResult result = new TcpConnector().connect((InetSocketAddress) server.getLocalAddress(), options);
            ConnectResult.Connected connected = assertInstanceOf(ConnectResult.Connected.class, result);
            SocketChannel peer = server.accept();
            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new LoopbackPair((TcpTransport) connected.transport(), peer);
        }
    }

    /** Wire bytes of {@code pdu} built field by field: header, [HeaderDigest], data, zero pad, [DataDigest]. */
    static byte[] frame(IscsiPdu pdu, boolean headerDigest, boolean dataDigest) {
        EncodedPdu encoded = PduEncoder.encode(pdu);
        return frame(encoded.header(), encoded.data(), headerDigest, dataDigest);
    }

    static byte[] frame(ByteBuffer header, ByteBuffer data, boolean headerDigest, boolean dataDigest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(header));
        if (headerDigest) {
            out.writeBytes(bytes(Digests.toWire(Digests.headerDigest(header))));
        }
        int length = data.remaining();
        if (length > 0) {
            out.writeBytes(bytes(data));
            out.writeBytes(new byte[PduFraming.padding(length)]);
            if (dataDigest) {
                out.writeBytes(bytes(Digests.toWire(Digests.dataDigest(data))));
            }
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    void peerWrite(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            peer.write(buffer);
        }
    }

    /** One write per byte, so the transport sees every possible split of the frame. */
    void peerWriteByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            peerWrite(new byte[] {b});
        }
    }

    byte[] peerRead(int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (peer.read(buffer) < 0) {
                throw new IOException("EOF after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.array();
    }

    @Override
    public void close() throws IOException {
        transport.close();
        peer.close();
    }
}
